// The office page's tablet panel (issue 17 §5, §7): read again every few seconds, so a client's help call or
// finished diagnostic shows without a reload. Replaced only when something changed, so nothing is announced twice
// and a mediator's focus is not lost for nothing. Without JavaScript, a refresh shows the same.
(function () {
    'use strict';
    var panel = document.getElementById('client-mode-panel');
    if (!panel || !window.fetch || !window.DOMParser) { return; }
    var every = Math.max(2, Number(panel.dataset.every) || 4) * 1000;
    var refresh = function () {
        fetch(panel.dataset.refresh, { credentials: 'same-origin', cache: 'no-store', headers: { 'X-Requested-With': 'fetch' } })
            .then(function (r) { return r.ok ? r.text() : null; })
            .then(function (html) {
                if (!html) { return; }
                var fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('.panel-live');
                var live = panel.querySelector('.panel-live');
                if (fresh && live && fresh.dataset.state !== live.dataset.state) {
                    live.innerHTML = fresh.innerHTML;
                    live.dataset.state = fresh.dataset.state;
                }
            })
            .catch(function () { })
            .then(function () { window.setTimeout(refresh, every); });
    };
    window.setTimeout(refresh, every);
})();
