// contact.js - "one question per ticket" notice on the contact form.
//
// Progressive enhancement only: as the customer types the description, the
// server counts its questions (POST /api/v1/questions/check) and, when it
// holds several, a gentle notice suggests separate tickets. The notice never
// blocks sending, and any failure simply leaves the form as it is.
'use strict';

(function () {
  const DELAY = 400;         // ms of quiet typing before asking
  const MAX_CHARS = 20000;   // the server reads no more than this
  const URL = '/api/v1/questions/check';

  function init() {
    const form = document.querySelector('form#contact');
    if (!form || !window.fetch) return;
    const body = form.querySelector('#body');
    const notice = document.getElementById('question-notice');
    const csrf = form.querySelector('input[name=csrf]');
    if (!body || !notice || !csrf) return;

    let timer = 0;
    let asked = null;        // text of the latest request
    let pending = null;      // AbortController of the request in flight

    function show(message) {
      notice.textContent = message;
      notice.hidden = false;
    }

    function hide() {
      notice.hidden = true;
      notice.textContent = '';
    }

    function check() {
      const text = body.value.slice(0, MAX_CHARS);
      if (text === asked) return;
      asked = text;
      if (pending) pending.abort();
      if (!text.trim()) {
        pending = null;
        hide();
        return;
      }
      const ctrl = window.AbortController ? new AbortController() : null;
      pending = ctrl;
      fetch(URL, {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          'Content-Type': 'application/json',
          'Accept': 'application/json',
          'X-CSRF-Token': csrf.value
        },
        body: JSON.stringify({ text: text }),
        signal: ctrl ? ctrl.signal : undefined
      }).then(function (resp) {
        if (!resp.ok) throw new Error('HTTP ' + resp.status);
        return resp.json();
      }).then(function (answer) {
        if (pending !== ctrl) return; // a newer text is being checked
        pending = null;
        if (answer && answer.multiple === true && typeof answer.message === 'string') {
          show(answer.message);
        } else {
          hide();
        }
      }).catch(function () {
        // Network trouble, an expired session or an aborted request: the
        // notice is only a hint, so say nothing and let the next edit retry.
        if (pending === ctrl) {
          pending = null;
          asked = null;
        }
      });
    }

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(check, DELAY);
    }

    body.addEventListener('input', schedule);
    body.addEventListener('change', schedule);
    if (body.value.trim()) schedule(); // re-shown form with the text kept
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
