// A button that sends a form is disabled once pressed (issue 15 §2): a double tap on a tablet sends the form once.
// Progressive enhancement only: every form works without this script, and the server keeps each creating form to a
// single record by the form's own id whatever the browser does. Written for old browsers: no arrow functions.
(function () {
    function buttonsOf(form) {
        return form.querySelectorAll('button[type=submit], button:not([type]), input[type=submit]');
    }

    document.addEventListener('submit', function (event) {
        var form = event.target;
        // Only forms that change something: a search or a filter (GET) may be sent again at once.
        if (event.defaultPrevented || form.hasAttribute('data-resubmit') || (form.getAttribute('method') || 'get').toLowerCase() !== 'post') {
            return;
        }

        if (form.getAttribute('data-sending') === 'true') {
            // Already on its way: a second press sends nothing.
            event.preventDefault();
            return;
        }

        form.setAttribute('data-sending', 'true');
        // After this turn: the pressed button's own name and value still go with the form.
        window.setTimeout(function () {
            var buttons = buttonsOf(form);
            for (var i = 0; i < buttons.length; i++) {
                buttons[i].disabled = true;
                buttons[i].setAttribute('aria-disabled', 'true');
            }
        }, 0);
    }, false);

    // Back to a page kept by the browser (back button): its forms can be sent again.
    window.addEventListener('pageshow', function (event) {
        if (!event.persisted) {
            return;
        }

        var forms = document.querySelectorAll('form[data-sending]');
        for (var i = 0; i < forms.length; i++) {
            forms[i].removeAttribute('data-sending');
            var buttons = buttonsOf(forms[i]);
            for (var j = 0; j < buttons.length; j++) {
                buttons[j].disabled = false;
                buttons[j].removeAttribute('aria-disabled');
            }
        }
    }, false);
}());
