/*
 * Nothing lost in silence: when the page's kernel dies or its connection drops (the laptop slept, the
 * server stopped, the kernel was killed or culled), a banner says so in plain words, in the page's
 * language, in an alert region: the answers already saved are kept, and a reload starts the page again.
 * Without this, a Check on such a page does nothing and says nothing.
 *
 * It listens to the kernel connection of Voilà's widget manager (`jupyterapp.widgetManager.kernel`:
 * `statusChanged` and `connectionStatusChanged`, the signals of @jupyterlab/services). A connection drop
 * shorter than two seconds shows nothing and a reconnect removes the banner; a kernel that died or was
 * restarted (its widgets are gone) keeps it until the page is reloaded.
 */
(function () {
  'use strict';
  var TEXT = {
    en: 'This page lost its connection to the workbook. The answers you saved are kept. Reload the page to go on.',
    'zh-Hans': '本页面与练习册的连接已断开。你已保存的作答都会保留。请重新加载页面继续。',
    ar: 'انقطع اتصال هذه الصفحة بكرّاسة التدريب. الإجابات التي حفظتها محفوظة. أعد تحميل الصفحة لتتابع.'
  };
  var RELOAD = { en: 'Reload', 'zh-Hans': '重新加载', ar: 'إعادة التحميل' };
  var GRACE_MS = 2000;
  var timer = null;
  var gone = false; // the kernel died or restarted: nothing brings this page back but a reload

  function lang() {
    var page = document.querySelector('.cb-page[lang]');
    var tag = page ? page.getAttribute('lang') : document.documentElement.lang || 'en';
    return TEXT[tag] ? tag : 'en';
  }

  function show() {
    timer = null;
    if (document.getElementById('cb-connection-lost')) return;
    var l = lang();
    var box = document.createElement('div');
    box.id = 'cb-connection-lost';
    box.className = 'cb-connection-lost';
    box.setAttribute('role', 'alert');
    box.setAttribute('lang', l);
    box.setAttribute('dir', l === 'ar' ? 'rtl' : 'ltr');
    var p = document.createElement('p');
    p.textContent = TEXT[l];
    var b = document.createElement('button');
    b.type = 'button';
    b.textContent = RELOAD[l];
    b.addEventListener('click', function () {
      window.location.reload();
    });
    box.appendChild(p);
    box.appendChild(b);
    document.body.insertBefore(box, document.body.firstChild);
    b.focus();
  }

  function lost() {
    if (timer === null && !document.getElementById('cb-connection-lost')) timer = setTimeout(show, GRACE_MS);
  }

  function back() {
    if (gone) return;
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    var box = document.getElementById('cb-connection-lost');
    if (box) box.remove();
  }

  function attach(kernel) {
    if (kernel.statusChanged) {
      kernel.statusChanged.connect(function (_k, status) {
        // A dead or restarted kernel has lost the page's state: the banner stays until the page reloads.
        if (status === 'dead' || status === 'restarting' || status === 'autorestarting') {
          gone = true;
          lost();
        }
      });
    }
    if (kernel.connectionStatusChanged) {
      kernel.connectionStatusChanged.connect(function (_k, status) {
        if (status === 'disconnected' || status === 'connecting') lost();
        else if (status === 'connected') back();
      });
    }
  }

  var tries = 0;
  function find() {
    var app = window.jupyterapp;
    var kernel = app && app.widgetManager && app.widgetManager.kernel;
    if (kernel) attach(kernel);
    else if (++tries < 240) setTimeout(find, 500);
  }
  window.addEventListener('load', find);
})();
