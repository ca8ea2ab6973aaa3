// The counter's keyboard (issue 18): a mediator with a queue does a diagnostic without the mouse. On a form marked
// data-keys: the digits 1–9 choose the n-th answer, Tab and Shift+Tab go from answer to answer (the browser's radio
// group is one stop, reached only with arrows), Space chooses (the browser's own), Enter moves on. Progressive
// enhancement: without this script the arrows, Space and the « Continuer » button do the same.
// Written for old browsers: no arrow functions, no classes.
(function () {
    var form = document.querySelector('form[data-keys]');
    if (!form) {
        return;
    }

    var choices = form.querySelectorAll('input[type=radio], input[type=checkbox]');
    var hint = document.getElementById('keys-hint');
    if (hint && choices.length > 0) {
        hint.hidden = false;
    }

    function indexOf(element) {
        for (var i = 0; i < choices.length; i++) {
            if (choices[i] === element) {
                return i;
            }
        }

        return -1;
    }

    function typing(target) {
        var tag = target.tagName;
        return tag === 'TEXTAREA' || tag === 'SELECT' || (tag === 'INPUT' && target.type !== 'radio' && target.type !== 'checkbox');
    }

    document.addEventListener('keydown', function (event) {
        if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) {
            return;
        }

        var key = event.key;
        // Digits act only while the focus is in the answers' form or on the summary of its errors (RGAA 12.10: a
        // one-key shortcut works only where its component has the focus), which is where each page puts it.
        var inForm = form.contains(event.target) || (event.target.closest && event.target.closest('.error-summary'));
        if (key.length === 1 && key >= '1' && key <= '9' && inForm) {
            var chosen = choices[Number(key) - 1];
            if (chosen) {
                event.preventDefault();
                chosen.focus();
                chosen.checked = chosen.type === 'radio' ? true : !chosen.checked;
            }

            return;
        }

        var at = indexOf(event.target);
        if (at < 0) {
            return;
        }

        if (key === 'Tab') {
            var next = choices[at + (event.shiftKey ? -1 : 1)];
            if (next) {
                event.preventDefault();
                next.focus();
            }
        } else if (key === 'Enter') {
            // Enter on an answer sends the form, as it does from a text field.
            event.preventDefault();
            if (typeof form.requestSubmit === 'function') {
                form.requestSubmit();
            } else {
                form.submit();
            }
        }
    }, false);
}());
