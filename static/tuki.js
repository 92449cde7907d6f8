// tuki.js - progressive enhancement only: every page works without it.
//
// Text size: buttons in the header scale the page; the choice is kept in
// localStorage (no cookie) and applied as <html data-text-size>.
'use strict';

(function () {
  const KEY = 'tuki.textSize';
  const MIN = -2, MAX = 4;
  const root = document.documentElement;

  function stored() {
    try {
      const n = parseInt(localStorage.getItem(KEY), 10);
      return Number.isInteger(n) ? Math.min(MAX, Math.max(MIN, n)) : 0;
    } catch (e) {
      return 0; // storage disabled: size still changes for this page
    }
  }

  function apply(n) {
    root.dataset.textSize = String(n);
    try { localStorage.setItem(KEY, String(n)); } catch (e) { /* ignore */ }
  }

  root.dataset.textSize = String(stored());

  document.addEventListener('DOMContentLoaded', function () {
    const group = document.querySelector('.text-size');
    if (!group) return;
    group.hidden = false;
    document.getElementById('text-larger').addEventListener('click', function () {
      apply(Math.min(MAX, stored() + 1));
    });
    document.getElementById('text-smaller').addEventListener('click', function () {
      apply(Math.max(MIN, stored() - 1));
    });
  });
})();
