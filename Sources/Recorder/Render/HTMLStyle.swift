/// The report page's style sheet: readable on a laptop and a phone, printable, no web font.
/// It holds no `<` or `&`, so the page stays well-formed XML as well as HTML.
enum HTMLStyle {
    static let css = """
        :root { color-scheme: light; --fg: #1d2329; --muted: #5b6570; --line: #d9dee3; --bg: #ffffff; }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 1080px; padding: 1.2rem; font: 15px/1.45 system-ui, -apple-system,
               "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
        h1 { font-size: 1.6rem; margin: 0 0 .4rem; }
        h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .3rem;
             overflow-wrap: anywhere; }
        code, pre, .command { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .86rem; }
        .command { overflow-wrap: anywhere; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .5rem 0; }
        dl.facts dt { color: var(--muted); }
        dl.facts dd { margin: 0; overflow-wrap: anywhere; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
        th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        .badge { display: inline-block; padding: .05rem .5rem; border-radius: 1rem; font-size: .8rem; font-weight: 600;
                 color: #fff; background: #6c757d; white-space: nowrap; }
        .badge.growing { background: #c0392b; }
        .badge.levelled_off { background: #b9770e; }
        .badge.stable { background: #1e8449; }
        .badge.shrinking { background: #2e6da4; }
        .badge.insufficient_data { background: #7f8c8d; }
        .reason { margin: .4rem 0; }
        .numbers { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: .6rem; margin: .8rem 0; }
        .number { border: 1px solid var(--line); border-radius: .4rem; padding: .5rem .7rem; }
        .number .label { color: var(--muted); font-size: .8rem; }
        .number .value { font-size: 1.15rem; font-weight: 600; }
        .number .detail { font-size: .85rem; }
        details summary { cursor: pointer; color: var(--muted); font-size: .8rem; }
        details pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f4f6f8; padding: .5rem;
                      border-radius: .3rem; margin: .3rem 0 0; }
        figure { margin: 1rem 0; }
        figure svg { width: 100%; height: auto; }
        figcaption { color: var(--muted); font-size: .85rem; }
        footer { margin-top: 2.5rem; color: var(--muted); font-size: .85rem; }
        @media (max-width: 600px) { body { padding: .6rem; font-size: 14px; } dl.facts { grid-template-columns: 1fr; } }
        @media print { body { max-width: none; } section.process { break-inside: avoid-page; }
                       details { display: none; } a { color: inherit; text-decoration: none; } }
        """
}
