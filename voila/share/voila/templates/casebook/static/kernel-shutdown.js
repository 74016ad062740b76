/*
 * Let a page that is left shut its kernel down at once.
 *
 * Why: when a page is left, Voilà's front end asks the server to shut the page's kernel down (a beacon to
 * voila/api/shutdown/<kernel>) and sends the `_xsrf` cookie's value with it. Voilà's page handler never sets
 * that cookie (only pages rendered by Jupyter's template machinery do, such as the landing page), so a page
 * opened from a link, a bookmark or a QR code had its request refused (403, "'_xsrf' argument missing") and
 * its kernel, about 100 MB, stayed until culled. Every refusal was also a line of noise in the trainer's
 * terminal.
 *
 * What: if the page has no `_xsrf` cookie, fetch the landing page once, which sets it (same origin, the
 * visitor's own cookie); the beacon then carries it. No token or cookie value is ever read or sent by us.
 */
(function () {
  'use strict';
  if (/(^|;\s*)_xsrf=/.test(document.cookie)) return;
  var script = document.currentScript;
  var base = (script && script.dataset.baseUrl) || '/';
  fetch(base, { credentials: 'same-origin', cache: 'no-store' }).catch(function () {
    /* offline or stopped: culling still frees the kernel */
  });
})();
