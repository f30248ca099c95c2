// Clicking a transcript segment's time seeks the recording player; a #t=<seconds> link from the
// search results does the same on load. A file of its own: the CSP allows no inline script.
(function () {
    var player = document.getElementById("call-audio");
    if (!player) { return; }
    function seek(seconds) {
        if (isNaN(seconds)) { return; }
        player.currentTime = seconds;
        player.play().catch(function () { /* autoplay may be refused; the position is set */ });
    }
    document.addEventListener("click", function (e) {
        var button = e.target.closest("button.seek");
        if (button) { seek(parseFloat(button.getAttribute("data-start"))); }
    });
    var match = /^#t=([0-9.]+)$/.exec(window.location.hash);
    if (match) {
        var at = parseFloat(match[1]);
        player.addEventListener("loadedmetadata", function () { player.currentTime = at; }, { once: true });
    }
})();
