// Client mode screens (issue 17). Nothing is stored in the browser (no storage, no cookie of our own): answers
// live on the server, and a cleared screen leaves nothing behind. Everything here is an extra: without
// JavaScript the screens work with plain forms, and « Écouter » is simply not shown.
(function () {
    'use strict';
    function byId(id) { return document.getElementById(id); }
    function post(form, extra) {
        var data = new FormData(form);
        if (extra) { Object.keys(extra).forEach(function (k) { data.set(k, extra[k]); }); }
        return fetch(form.action, { method: 'POST', body: data, credentials: 'same-origin', headers: { 'X-Requested-With': 'fetch' } });
    }

    // « Back » onto a page the browser kept in memory: ask the server again, which may have cleared the visit.
    window.addEventListener('pageshow', function (e) { if (e.persisted) { window.location.reload(); } });

    // Read aloud (§4): the device's voice for the language when it has one, else the server's audio, else no button.
    var listen = document.querySelector('.listen');
    if (listen) {
        var synth = window.speechSynthesis;
        var wanted = (listen.dataset.voices || '').toLowerCase().split(' ');
        var audioUrl = listen.dataset.audio || '';
        var button = listen.querySelector('.listen-button');
        var label = listen.querySelector('.listen-label');
        var audio = null, speaking = false, autoDone = false;
        var findVoice = function () {
            var voices = synth && synth.getVoices ? synth.getVoices() : [];
            for (var i = 0; i < wanted.length; i++) {
                for (var j = 0; j < voices.length; j++) {
                    var lang = (voices[j].lang || '').toLowerCase().replace('_', '-');
                    if (lang === wanted[i] || lang.indexOf(wanted[i] + '-') === 0) { return voices[j]; }
                }
            }
            return null;
        };
        var setSpeaking = function (on) { speaking = on; label.textContent = on ? listen.dataset.stop : listen.dataset.listen; };
        var speak = function () {
            var voice = findVoice();
            if (voice) {
                synth.cancel();
                var utterance = new SpeechSynthesisUtterance(listen.dataset.speech);
                utterance.voice = voice;
                utterance.lang = voice.lang;
                utterance.onend = utterance.onerror = function () { setSpeaking(false); };
                setSpeaking(true);
                synth.speak(utterance);
            } else if (audioUrl) {
                if (!audio) {
                    audio = new Audio(audioUrl);
                    audio.onended = audio.onerror = function () { setSpeaking(false); };
                }
                audio.currentTime = 0;
                setSpeaking(true);
                var playing = audio.play();
                if (playing && playing.catch) { playing.catch(function () { setSpeaking(false); }); }
            }
        };
        var stop = function () {
            if (synth) { synth.cancel(); }
            if (audio) { audio.pause(); }
            setSpeaking(false);
        };
        var reveal = function () {
            if (!findVoice() && !audioUrl) { return; }
            listen.hidden = false;
            if (listen.dataset.autoread === 'true' && !autoDone) { autoDone = true; speak(); }
        };
        button.addEventListener('click', function () { if (speaking) { stop(); } else { speak(); } });
        var box = listen.querySelector('.autoread-box');
        if (box) {
            box.addEventListener('change', function () {
                listen.dataset.autoread = box.checked ? 'true' : 'false';
                post(byId('autoread-form'), { on: box.checked ? 'true' : 'false' });
                if (box.checked) { speak(); }
            });
        }
        reveal();
        if (synth && synth.addEventListener) { synth.addEventListener('voiceschanged', reveal); }
    }

    // « J'ai besoin d'aide » (§5): sent without leaving the screen; the office page shows it within seconds.
    var help = document.querySelector('.help-form');
    if (help) {
        help.addEventListener('submit', function (e) {
            e.preventDefault();
            post(help).then(function (r) {
                if (r.ok) { byId('help-status').textContent = help.dataset.sent; } else { help.submit(); }
            }, function () { help.submit(); });
        });
    }

    // Inactivity (§6): a warning with « Je continue », then the screen is cleared and the language screen shown.
    var dialog = byId('idle-warning');
    if (dialog) {
        var idle = Number(dialog.dataset.idleSeconds) * 1000;
        var warning = Number(dialog.dataset.warningSeconds) * 1000;
        var last = Date.now(), lastPing = last, warned = false, clearing = false;
        var stillHere = function () {
            warned = false;
            if (dialog.open) { dialog.close(); }
            last = lastPing = Date.now();
            post(byId('presence'));
        };
        var activity = function () {
            if (warned) { return; }
            last = Date.now();
            // The server clears an idle visit too (a tablet without JavaScript): tell it the client is here.
            if (last - lastPing > 30000) { lastPing = last; post(byId('presence')); }
        };
        ['pointerdown', 'keydown', 'input'].forEach(function (type) { document.addEventListener(type, activity, true); });
        byId('idle-continue').addEventListener('click', stillHere);
        dialog.addEventListener('cancel', function (e) { e.preventDefault(); stillHere(); });
        setInterval(function () {
            var quiet = Date.now() - last;
            if (quiet >= idle && !clearing) {
                clearing = true;
                byId('idle-clear').submit();
            } else if (quiet >= idle - warning && !warned) {
                warned = true;
                dialog.showModal();
                byId('idle-continue').focus();
            }
        }, 1000);
    }
})();
