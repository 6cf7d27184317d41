// Loaded before Bootstrap Italia's bundle. Its video player (video.js) would inject
// its default styles as an inline <style>, which our Content-Security-Policy
// refuses; those defaults are already in bootstrap-italia.min.css.
window.VIDEOJS_NO_DYNAMIC_STYLE = true;
