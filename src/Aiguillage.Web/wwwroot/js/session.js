// Idle timeout warning (issue 9 §4, RGAA 13.1 / WCAG 2.2.1): before the session ends for lack of activity, a dialog
// says so and lets the person stay signed in with one key press. The server ends the session on its own at the
// same moment (the cookie expires IdleTimeout after the last request); this script only warns and extends.
// Written for old browsers: no arrow functions, no fetch, no classes.
(function () {
    var dialog = document.getElementById('session-warning');
    if (!dialog) {
        return;
    }

    var idle = parseInt(dialog.getAttribute('data-idle-seconds'), 10) * 1000;
    var warn = parseInt(dialog.getAttribute('data-warning-seconds'), 10) * 1000;
    var extend = document.getElementById('session-extend');
    var remaining = document.getElementById('session-remaining');
    var key = 'aiguillage.derniere-activite';
    var last = Date.now();
    var returnFocus = null;

    // Every page load or extension is a request that restarts the server's idle period; tabs share the moment.
    function touch() {
        last = Date.now();
        try { window.localStorage.setItem(key, String(last)); } catch (e) { /* private mode: this tab only */ }
    }

    function lastActivity() {
        var shared = 0;
        try { shared = parseInt(window.localStorage.getItem(key), 10) || 0; } catch (e) { shared = 0; }
        return Math.max(last, shared);
    }

    function words(ms) {
        var s = Math.max(0, Math.ceil(ms / 1000));
        var m = Math.floor(s / 60);
        s = s % 60;
        return (m > 0 ? m + ' min ' : '') + (s < 10 && m > 0 ? '0' : '') + s + ' s';
    }

    function show() {
        if (dialog.hasAttribute('open')) {
            return;
        }

        returnFocus = document.activeElement;
        if (typeof dialog.showModal === 'function') {
            dialog.showModal();
        } else {
            dialog.setAttribute('open', '');
        }

        extend.focus();
    }

    function hide() {
        if (!dialog.hasAttribute('open')) {
            return;
        }

        if (typeof dialog.close === 'function') {
            dialog.close();
        } else {
            dialog.removeAttribute('open');
        }

        if (returnFocus && typeof returnFocus.focus === 'function') {
            returnFocus.focus();
        }
    }

    function signInAgain() {
        window.location.href = '/connexion?expiree=1&ReturnUrl=' + encodeURIComponent(window.location.pathname + window.location.search);
    }

    function stay() {
        // The renewal's state, for whoever waits on it (the browser tests): « pending » until the server has answered.
        dialog.setAttribute('data-renewal', 'pending');
        var request = new XMLHttpRequest();
        request.open('GET', '/compte/session', true);
        request.setRequestHeader('Accept', 'application/json');
        request.onload = function () {
            var type = request.getResponseHeader('Content-Type') || '';
            if (request.status === 200 && type.indexOf('json') >= 0) {
                touch();
                hide();
                dialog.setAttribute('data-renewal', 'done');
            } else {
                signInAgain();
            }
        };
        request.onerror = function () {
            dialog.setAttribute('data-renewal', 'failed');
            remaining.textContent = 'quelques instants (connexion au serveur impossible, réessayez)';
        };
        request.send();
    }

    function tick() {
        var left = lastActivity() + idle - Date.now();
        if (left <= 0) {
            signInAgain();
        } else if (left <= warn) {
            remaining.textContent = words(left);
            show();
        } else {
            hide();
        }
    }

    extend.addEventListener('click', stay);
    // Escape is an answer too: the person is there.
    dialog.addEventListener('cancel', function (event) {
        event.preventDefault();
        stay();
    });
    touch();
    window.setInterval(tick, 1000);
}());
