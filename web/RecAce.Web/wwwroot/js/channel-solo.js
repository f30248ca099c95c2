// Channel solo for the call player: the recording is stereo (left = outside party, right = staff);
// a button sends one channel to both ears. Web Audio is set up on the first click only, because
// browsers refuse to start an AudioContext without a user gesture.
(function () {
    "use strict";
    var group = document.querySelector(".solo[data-audio]");
    if (!group) { return; }
    var audio = document.getElementById(group.getAttribute("data-audio"));
    if (!audio || !(window.AudioContext || window.webkitAudioContext)) { group.hidden = true; return; }
    var gains = null;

    function build() {
        var ctx = new (window.AudioContext || window.webkitAudioContext)();
        var source = ctx.createMediaElementSource(audio);
        var split = ctx.createChannelSplitter(2);
        var merge = ctx.createChannelMerger(2);
        source.connect(split);
        // g[from][to]: channel "from" of the recording into ear "to".
        var g = [[ctx.createGain(), ctx.createGain()], [ctx.createGain(), ctx.createGain()]];
        for (var from = 0; from < 2; from++) {
            for (var to = 0; to < 2; to++) {
                split.connect(g[from][to], from);
                g[from][to].connect(merge, 0, to);
            }
        }
        merge.connect(ctx.destination);
        return { ctx: ctx, g: g };
    }

    function apply(mode) {
        var m = { both: [[1, 0], [0, 1]], outside: [[1, 1], [0, 0]], staff: [[0, 0], [1, 1]] }[mode];
        for (var from = 0; from < 2; from++) {
            for (var to = 0; to < 2; to++) { gains.g[from][to].gain.value = m[from][to]; }
        }
    }

    group.addEventListener("click", function (e) {
        var button = e.target.closest("button[data-solo]");
        if (!button) { return; }
        if (!gains) { gains = build(); }
        if (gains.ctx.state === "suspended") { gains.ctx.resume(); }
        apply(button.getAttribute("data-solo"));
        group.querySelectorAll("button").forEach(function (b) { b.setAttribute("aria-pressed", b === button ? "true" : "false"); });
    });
}());
