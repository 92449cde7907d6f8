// assistant.js - suggestions as you type, on the contact and search pages.
//
// Progressive enhancement: the pages work without it (a search button
// asks the server). With it, the field marked data-assist-input asks
// GET /api/v1/assist as the customer types (debounced) and fills the
// #suggestions section; "This answered my question" records the
// deflection without leaving the page. All text is set with textContent;
// the only HTML used is the server's escaped snippet with <mark>.
'use strict';

(function () {
  const input = document.querySelector('[data-assist-input]');
  const box = document.getElementById('suggestions');
  if (!input || !box) return;
  const csrf = document.querySelector('input[name=csrf]');
  const lang = document.documentElement.lang || 'en';
  const login = document.getElementById('contact-login');
  const interactionField = document.getElementById('interaction');
  let timer = null;
  let seq = 0;
  let last = input.value.trim();

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function answered(interaction, article, li) {
    fetch('/api/v1/assist/answered', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-CSRF-Token': csrf ? csrf.value : '',
      },
      body: JSON.stringify({ interaction_id: interaction, article_id: article }),
    }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (body) {
      if (!body || !body.deflected) return;
      box.replaceChildren(el('p', 'flash', box.dataset.thanks));
      const link = li.querySelector('a');
      if (link) box.appendChild(el('p')).appendChild(link.cloneNode(true));
    }).catch(function () { /* the form fallback still works */ });
  }

  function render(data) {
    box.replaceChildren();
    if (interactionField && data.interaction_id) interactionField.value = data.interaction_id;
    if (!data.suggestions.length) {
      box.appendChild(el('p', 'no-suggestions', box.dataset.none));
      return;
    }
    box.appendChild(el('h2', '', box.dataset.heading));
    const list = box.appendChild(el('ol', 'suggestion-list'));
    data.suggestions.forEach(function (s) {
      const li = list.appendChild(el('li', 'suggestion'));
      li.dataset.articleId = s.id;
      const a = li.appendChild(el('a', 'suggestion-title', s.title));
      a.href = s.url;
      const p = li.appendChild(el('p', 'snippet'));
      p.innerHTML = s.snippet_html; // escaped by the server; only <mark> added
      const b = li.appendChild(el('button', 'answered-button', box.dataset.answered));
      b.type = 'button';
      b.addEventListener('click', function () { answered(data.interaction_id, s.id, li); });
    });
  }

  function ask() {
    const q = input.value.trim();
    if (login && login.dataset.nextBase) {
      const next = login.dataset.nextBase + encodeURIComponent(q);
      login.href = login.getAttribute('href').startsWith('/login')
        ? '/login?next=' + encodeURIComponent(next) : next;
    }
    if (q === last) return;
    last = q;
    if (!q) {
      box.replaceChildren();
      return;
    }
    const mine = ++seq;
    fetch('/api/v1/assist?lang=' + encodeURIComponent(lang) + '&q=' + encodeURIComponent(q))
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data && mine === seq) render(data); })
      .catch(function () { /* keep what is shown */ });
  }

  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 300);
  });
})();
