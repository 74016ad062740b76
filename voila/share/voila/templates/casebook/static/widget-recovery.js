/*
 * Draw again the widgets that ipywidgets gave up on while the page was loading.
 *
 * Why: a widget output asks the widget manager for its model, and the manager waits at most two seconds
 * for the model to be registered (jupyterlab_widgets 3.0.x, `get_model`; upstream jupyter-widgets/ipywidgets
 * issues 4026 and 4033). On a busy laptop the browser's main thread is blocked while it registers a page's
 * models (hundreds of them); the wait's timer then fires after its two seconds are up and gives up without a
 * last look, although the model is there by then. Because the manager has finished restoring, the output
 * shows "Error displaying widget: model not found" for good. Measured here with both cores busy: 1 to 7 of a
 * case page's 21 outputs, on about one page load in three.
 *
 * What: before Voilà draws the outputs, note which widget model each cell output shows (Voilà removes those
 * script tags once drawn). When the page is up, and again whenever an output shows that message, ask the
 * manager for the model (registered by then) and draw its view in place of the message. A model that is
 * really gone (closed in the kernel) keeps the message, as before, after a few tries.
 *
 * It uses only public parts of the manager: `jupyterapp.widgetManager.get_model` and `create_view`.
 */
(function () {
  'use strict';
  var MIME = 'application/vnd.jupyter.widget-view+json';
  var MESSAGE = 'Error displaying widget: model not found';
  var TRIES = 20; // at 500 ms apart: ten seconds for the manager to finish restoring on a very busy machine

  function noteOutputs() {
    // Voilà draws each output into the parent of its script tag: mark that parent with the model's id.
    document.querySelectorAll('script[type="application/vnd.voila.cell-output+json"]').forEach(function (script) {
      try {
        var data = JSON.parse(script.textContent).data || {};
        if (data[MIME] && data[MIME].model_id && script.parentElement) {
          script.parentElement.dataset.cbModel = data[MIME].model_id;
        }
      } catch (e) {
        /* not a widget output */
      }
    });
  }

  function modelIdOf(node) {
    var holder = node.closest('[data-cb-model]');
    return holder ? holder.dataset.cbModel : null;
  }

  function broken() {
    return Array.prototype.filter.call(document.querySelectorAll('.jp-OutputArea-output'), function (node) {
      return !node.dataset.cbRecovering && (node.textContent || '').trim() === MESSAGE;
    });
  }

  async function redraw(node, manager) {
    var modelId = modelIdOf(node);
    if (!modelId) return false;
    node.dataset.cbRecovering = '1';
    try {
      var model = await manager.get_model(modelId);
      var view = await manager.create_view(model);
      var widget = view.luminoWidget || view.pWidget;
      node.textContent = '';
      node.classList.remove('jupyter-widgets');
      // What lumino's Widget.attach does: tell the view it is about to be and has been attached.
      widget.processMessage({ type: 'before-attach', isConflatable: false });
      node.appendChild(widget.node);
      widget.processMessage({ type: 'after-attach', isConflatable: false });
      node.dataset.cbRecovered = modelId;
      return true;
    } catch (e) {
      delete node.dataset.cbRecovering;
      return false;
    }
  }

  var triesLeft = 0;
  var timer = null;

  function recover() {
    timer = null;
    var app = window.jupyterapp;
    var manager = app && app.widgetManager;
    var nodes = broken();
    if (manager) {
      nodes.forEach(function (node) {
        redraw(node, manager);
      });
    }
    if (--triesLeft > 0) timer = setTimeout(recover, 500);
  }

  function watch() {
    triesLeft = TRIES;
    if (timer === null) timer = setTimeout(recover, 0);
  }

  noteOutputs();
  window.addEventListener('load', function () {
    watch();
    // An output can fail after the first ten seconds (a very slow page): watch for the message.
    new MutationObserver(function () {
      if (broken().length) watch();
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
})();
