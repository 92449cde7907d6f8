/* json.h - reading JSON request bodies for the API. */
#ifndef TUKI_API_JSON_H
#define TUKI_API_JSON_H

#include <jansson.h>

#include "http/request.h"

/* The body as a JSON object (owned by the request's arena), or NULL
 * after answering 400 with the reason. */
json_t *api_body(struct request *req, struct response *resp);
/* Answers 422 {"error":"invalid","message","field"}. */
void api_invalid(struct request *req, struct response *resp, const char *field, const char *msgid);
/* A string member, NULL when missing or not a string. */
const char *api_str(json_t *obj, const char *key);

#endif
