/// The report's inline style sheet and script.
enum ReportStyle {
    /// How colours are read, for the footer.
    static let colourNote = "white is 0, blue positive, red negative; intensity on a symmetric log scale over the range "
        + "each legend states, so 1, 4 and 9 differ. Every cell shows its exact value on hover."

    static let css = """
        body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; margin: 0 auto; padding: 16px 24px;
               max-width: 1500px; color: #1d2733; background: #fafbfc; }
        h1 { font-size: 22px; margin: 4px 0 10px; }
        h2 { font-size: 18px; margin: 28px 0 8px; padding-top: 6px; border-top: 2px solid #d6dde5; }
        h3 { font-size: 14px; margin: 16px 0 6px; }
        p { max-width: 980px; font-size: 13px; line-height: 1.45; }
        code, .mono, td, th { font-family: Menlo, "DejaVu Sans Mono", monospace; }
        table { border-collapse: collapse; font-size: 12px; }
        table.facts th { text-align: left; padding: 2px 12px 2px 0; color: #506070; font-weight: 600; vertical-align: top; }
        table.facts td { padding: 2px 0; }
        nav { margin-top: 10px; font-size: 13px; }
        nav a { color: #1f5fa8; }
        table.data { background: white; margin: 4px 14px 10px 0; }
        table.data caption { text-align: left; font-weight: 600; font-size: 12px; padding: 2px 0 4px; font-family: system-ui, sans-serif; }
        table.data th, table.data td { border: 1px solid #d9dee4; padding: 2px 6px; text-align: center; white-space: nowrap; }
        table.data th { background: #eef2f6; font-weight: 600; }
        table.data tbody th { text-align: left; }
        td.changed { outline: 2px solid #e0a800; outline-offset: -2px; }
        td.null { color: #a0a8b0; }
        table.data td.rules { text-align: left; white-space: normal; min-width: 120px; max-width: 360px; font-size: 11px; }
        .row { display: flex; flex-wrap: wrap; align-items: flex-start; }
        .scroll { overflow-x: auto; max-width: 100%; }
        figure { margin: 6px 14px 10px 0; padding: 6px; background: white; border: 1px solid #e1e6eb; border-radius: 4px; }
        figcaption { font-size: 12px; color: #445; max-width: 420px; }
        details summary { cursor: pointer; font-size: 12px; color: #1f5fa8; margin: 4px 0; }
        .legend-note { font-size: 12px; color: #445; }
        footer { margin-top: 30px; font-size: 12px; color: #607080; }
        #tip { position: fixed; display: none; pointer-events: none; background: #1d2733; color: white; font: 12px Menlo, monospace;
               padding: 4px 7px; border-radius: 3px; max-width: 520px; z-index: 10; white-space: pre-wrap; }

        """

    /// Hover tooltips that follow the mouse, from SVG `<title>` children and `title`
    /// attributes; marks the page when it ran (the browser check reads the marker).
    static let script = """
        (function () {
          var tip = document.getElementById('tip');
          function textOf(node) {
            for (var n = node; n && n !== document.body; n = n.parentNode) {
              if (n.getAttribute && n.getAttribute('title')) return n.getAttribute('title');
              if (n.tagName !== 'svg' && n.firstElementChild && n.firstElementChild.tagName === 'title') return n.firstElementChild.textContent;
            }
            return null;
          }
          document.addEventListener('mousemove', function (event) {
            var text = textOf(event.target);
            if (!text) { tip.style.display = 'none'; return; }
            tip.textContent = text;
            tip.style.display = 'block';
            tip.style.left = (event.clientX + 14) + 'px';
            tip.style.top = (event.clientY + 14) + 'px';
          });
          document.addEventListener('mouseleave', function () { tip.style.display = 'none'; });
          document.documentElement.setAttribute('data-report-script', 'done');
        })();

        """
}
