function __memhist_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __memhist_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __memhist_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __memhist_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __memhist_parse_tokens -S
    set -l unparsed_tokens (__memhist_tokens -pc)
    switch $unparsed_tokens[1]
    case 'memhist'
        __memhist_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'record'
            __memhist_parse_subcommand -r 1 'db=' 'interval=' 'duration=' 'samples=' 'textfile=' 'listen=' 'listen-regions=' 'retain=' 'downsample-after=' 'mark-on-signal=' 'pid=+' 'tree=+' 'match=' 'all' 'regions=' 'regions-every=' 'budget=' 'report' 'metric=' 'fail-on=+' 'quiet' 'capture=' 'vmmap=' 'version' 'h/help'
        case 'report'
            __memhist_parse_subcommand 0 'db=' 'prometheus=' 'query=' 'step=' 'timeout=' 'bearer-token-file=' 'basic-auth-user=' 'basic-auth-password-file=' 'ca-file=' 'insecure-skip-verify' 'metric=' 'since=' 'until=' 'significance=' 'min-growth-percent=' 'min-growth=' 'min-samples=' 'pid=+' 'match=' 'verdict=+' 'host=+' 'fail-on=+' 'color=' 'format=' 'session=' 'group=' 'version' 'h/help'
        case 'export'
            __memhist_parse_subcommand 0 'db=' 'prometheus=' 'query=' 'step=' 'timeout=' 'bearer-token-file=' 'basic-auth-user=' 'basic-auth-password-file=' 'ca-file=' 'insecure-skip-verify' 'metric=' 'since=' 'until=' 'significance=' 'min-growth-percent=' 'min-growth=' 'min-samples=' 'pid=+' 'match=' 'verdict=+' 'host=+' 'format=' 'session=' 'output=' 'regions' 'version' 'h/help'
        case 'compare'
            __memhist_parse_subcommand 0 'db=+' 'session=+' 'host=+' 'metric=' 'since=' 'until=' 'significance=' 'min-growth-percent=' 'min-growth=' 'min-samples=' 'format=' 'version' 'h/help'
        case 'sessions'
            __memhist_parse_subcommand 0 'db=' 'format=' 'color=' 'version' 'h/help'
        case 'mark'
            __memhist_parse_subcommand 1 'db=' 'session=' 'at=' 'version' 'h/help'
        case 'snapshot'
            __memhist_parse_subcommand 1 'vmmap=' 'smaps=' 'count=' 'capture=' 'format=' 'version' 'h/help'
        case 'check'
            __memhist_parse_subcommand 0 'db=' 'version' 'h/help'
        case 'schema'
            __memhist_parse_subcommand 0 'version' 'h/help'
        case 'prune'
            __memhist_parse_subcommand 0 'db=' 'older-than=' 'keep-sessions=' 'downsample-after=' 'dry-run' 'version' 'h/help'
        case 'workload'
            __memhist_parse_subcommand 1 'rate=' 'size=' 'count=' 'extra-mappings=' 'split-pages' 'name=' 'rise-percent=' 'duration=' 'version' 'h/help'
        case 'merge'
            __memhist_parse_subcommand -r 1 'into=' 'version' 'h/help'
        case 'help'
            __memhist_parse_subcommand -r 1 'version'
        end
    end
end

function __memhist_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __memhist_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __memhist_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __memhist_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__memhist_tokens -p)
    if test -z "$(__memhist_tokens -t)"
        set -l index (count (__memhist_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'memhist' -f
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist" version' -l 'version' -d 'Show the version.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_positional "memhist" -eq 1' -fa 'record' -d 'Sample processes on an interval into the database.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_positional "memhist" -eq 1' -fa 'report' -d 'Report growth, peak and leak verdict per process.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_positional "memhist" -eq 1' -fa 'export' -d 'Export a shareable trend report: HTML with charts, Markdown, CSV series or JSON.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_positional "memhist" -eq 1' -fa 'compare' -d 'Compare two recordings: how growth, slope and peak changed per command.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_positional "memhist" -eq 1' -fa 'sessions' -d 'List the recording sessions in a database.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_positional "memhist" -eq 1' -fa 'mark' -d 'Store a timestamped note in a session: reports list it and charts draw it.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_positional "memhist" -eq 1' -fa 'snapshot' -d 'Capture one process once, or read saved vmmap or smaps text, and print it.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_positional "memhist" -eq 1' -fa 'check' -d 'Check a database: its file, schema, every page and index, and its values.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_positional "memhist" -eq 1' -fa 'schema' -d 'Print a guide to the database\'s tables and views, and the SQL of the current schema.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_positional "memhist" -eq 1' -fa 'prune' -d 'Remove old recording sessions from a database and give the space back.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_positional "memhist" -eq 1' -fa 'workload' -d 'Run a process that uses memory in a known pattern, to try memhist on.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_positional "memhist" -eq 1' -fa 'merge' -d 'Combine the recordings of several databases (several machines) into one.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_positional "memhist" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist record" db' -l 'db' -d 'The memhist database file.' -rF
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist record" interval' -l 'interval' -d 'Time between samples: 250ms, 2s, 5m, 1h or seconds.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist record" duration' -l 'duration' -d 'Stop after this long (default: no limit).' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist record" samples' -l 'samples' -d 'Stop after this many samples.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist record" textfile' -l 'textfile' -d 'Write the last tick as Prometheus metrics to DIR/memhist.prom for node_exporter\'s textfile collector, atomically, every tick.' -rfa '(__memhist_complete_directories)'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist record" listen' -l 'listen' -d 'Serve the last tick and the live verdicts as Prometheus metrics on http://ADDRESS/metrics: 127.0.0.1:9464, [::1]:9464, or :9464 for every interface.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist record" listen-regions' -l 'listen-regions' -d 'The growing regions shown per process on --listen, largest growth first.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist record" retain' -l 'retain' -d 'Remove other sessions that last wrote longer ago than this, hourly while recording: 7d.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist record" downsample-after' -l 'downsample-after' -d 'Thin samples older than this to three a minute per process, hourly while recording: 1d.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist record" mark-on-signal' -l 'mark-on-signal' -d 'Store a mark named after the signal each time memhist receives it: USR1, USR2 or HUP (kill -USR1 <memhist\'s pid>).' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist record"' -l 'pid' -d 'A process to record (repeatable).' -rfka '(ps -axo pid= | tr -d \' \')'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist record"' -l 'tree' -d 'A process and all its descendants (repeatable).' -rfka '(ps -axo pid= | tr -d \' \')'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist record" match' -l 'match' -d 'Every process whose command line matches this regular expression.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist record" all' -l 'all' -d 'Every process (except kernel threads and memhist itself).'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist record" regions' -l 'regions' -d 'Region rows: grouped by label, one per mapping, or off.' -rfka 'grouped mappings off'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist record" regions-every' -l 'regions-every' -d 'Capture regions every this many ticks (default 10; when given, obeyed whatever the budget).' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist record" budget' -l 'budget' -d 'Share of wall time memhist may spend walking one target\'s pages (smaps_rollup, smaps), e.g. 0.5% or off.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist record" report' -l 'report' -d 'Print the report when recording stops.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist record" metric' -l 'metric' -d 'The report\'s metric (with --report or --fail-on).' -rfka 'pss rss uss dirty swap anon footprint'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist record"' -l 'fail-on' -d 'Exit with status 3 when a process\'s verdict is this one, e.g. growing (repeatable): a leak gate for CI.' -rfka 'growing levelled_off stable shrinking insufficient_data'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist record" quiet' -l 'quiet' -d 'No status line on the terminal.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist record" capture' -l 'capture' -d 'How processes are read: native (/proc on Linux, libproc and vmmap on macOS) or vmmap (totals and regions from a vmmap-compatible program).' -rfka 'native vmmap'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist record" vmmap' -l 'vmmap' -d 'The vmmap executable, for --capture vmmap (default /usr/bin/vmmap).' -rF
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist record" version' -l 'version' -d 'Show the version.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist record" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist report" db' -l 'db' -d 'The memhist database file.' -rF
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist report" prometheus' -l 'prometheus' -d 'Judge the series of a PromQL range query on this Prometheus server instead of a database (http:// or https://; with --query).' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist report" query' -l 'query' -d 'With --prometheus: the PromQL query whose series to judge.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist report" step' -l 'step' -d 'With --prometheus: the query\'s resolution (default 30s, longer so a series has at most 2000 points).' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist report" timeout' -l 'timeout' -d 'With --prometheus: the limit of each request.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist report" bearer-token-file' -l 'bearer-token-file' -d 'With --prometheus: send the token in this file as `Authorization: Bearer` (a symbolic link is refused).' -rF
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist report" basic-auth-user' -l 'basic-auth-user' -d 'With --prometheus: the basic auth user name.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist report" basic-auth-password-file' -l 'basic-auth-password-file' -d 'With --prometheus: the basic auth password, read from this file (a symbolic link is refused).' -rF
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist report" ca-file' -l 'ca-file' -d 'With --prometheus: trust the certificate authorities in this PEM file.' -rF
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist report" insecure-skip-verify' -l 'insecure-skip-verify' -d 'With --prometheus: do not verify the server\'s certificate (testing only).'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist report" metric' -l 'metric' -d 'The memory measure to follow: pss, rss, uss, dirty (private dirty), swap, anon.' -rfka 'pss rss uss dirty swap anon footprint'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist report" since' -l 'since' -d 'Only samples from this time: ISO-8601, or back from the end like -2h.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist report" until' -l 'until' -d 'Only samples up to this time: ISO-8601, or back from the end like -30m.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist report" significance' -l 'significance' -d 'Mann-Kendall p-value below which a trend is significant (default 0.05).' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist report" min-growth-percent' -l 'min-growth-percent' -d 'Smallest growth that counts, in % of the median level (default 2).' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist report" min-growth' -l 'min-growth' -d 'Smallest growth that counts, in bytes (default 1MiB).' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist report" min-samples' -l 'min-samples' -d 'Fewest samples for a verdict (default 6).' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist report"' -l 'pid' -d 'Only this process id (repeatable).' -rfka '(ps -axo pid= | tr -d \' \')'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist report" match' -l 'match' -d 'Only processes whose command line this regular expression finds a match in.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist report"' -l 'verdict' -d 'Only processes with this verdict (repeatable).' -rfka 'growing levelled_off stable shrinking insufficient_data'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist report"' -l 'host' -d 'Only sessions recorded on this host (repeatable); --session picks among them.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist report"' -l 'fail-on' -d 'Exit with status 3 when a process\'s verdict is this one, e.g. growing (repeatable): a leak gate for CI.' -rfka 'growing levelled_off stable shrinking insufficient_data'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist report" color' -l 'color' -d 'Colour the table\'s verdicts: auto (on a terminal, unless NO_COLOR is set or TERM is dumb), always or never.' -rfka 'auto always never'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist report" format' -l 'format' -d 'Output format.' -rfka 'table json csv markdown'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist report" session' -l 'session' -d 'Which session: latest, all, or a session id.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist report" group' -l 'group' -d 'Totals per command or per process tree (a root and its recorded descendants) instead of a row per process.' -rfka 'command tree'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist report" version' -l 'version' -d 'Show the version.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist report" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist export" db' -l 'db' -d 'The memhist database file.' -rF
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist export" prometheus' -l 'prometheus' -d 'Judge the series of a PromQL range query on this Prometheus server instead of a database (http:// or https://; with --query).' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist export" query' -l 'query' -d 'With --prometheus: the PromQL query whose series to judge.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist export" step' -l 'step' -d 'With --prometheus: the query\'s resolution (default 30s, longer so a series has at most 2000 points).' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist export" timeout' -l 'timeout' -d 'With --prometheus: the limit of each request.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist export" bearer-token-file' -l 'bearer-token-file' -d 'With --prometheus: send the token in this file as `Authorization: Bearer` (a symbolic link is refused).' -rF
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist export" basic-auth-user' -l 'basic-auth-user' -d 'With --prometheus: the basic auth user name.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist export" basic-auth-password-file' -l 'basic-auth-password-file' -d 'With --prometheus: the basic auth password, read from this file (a symbolic link is refused).' -rF
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist export" ca-file' -l 'ca-file' -d 'With --prometheus: trust the certificate authorities in this PEM file.' -rF
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist export" insecure-skip-verify' -l 'insecure-skip-verify' -d 'With --prometheus: do not verify the server\'s certificate (testing only).'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist export" metric' -l 'metric' -d 'The memory measure to follow: pss, rss, uss, dirty (private dirty), swap, anon.' -rfka 'pss rss uss dirty swap anon footprint'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist export" since' -l 'since' -d 'Only samples from this time: ISO-8601, or back from the end like -2h.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist export" until' -l 'until' -d 'Only samples up to this time: ISO-8601, or back from the end like -30m.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist export" significance' -l 'significance' -d 'Mann-Kendall p-value below which a trend is significant (default 0.05).' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist export" min-growth-percent' -l 'min-growth-percent' -d 'Smallest growth that counts, in % of the median level (default 2).' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist export" min-growth' -l 'min-growth' -d 'Smallest growth that counts, in bytes (default 1MiB).' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist export" min-samples' -l 'min-samples' -d 'Fewest samples for a verdict (default 6).' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist export"' -l 'pid' -d 'Only this process id (repeatable).' -rfka '(ps -axo pid= | tr -d \' \')'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist export" match' -l 'match' -d 'Only processes whose command line this regular expression finds a match in.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist export"' -l 'verdict' -d 'Only processes with this verdict (repeatable).' -rfka 'growing levelled_off stable shrinking insufficient_data'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist export"' -l 'host' -d 'Only sessions recorded on this host (repeatable); --session picks among them.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist export" format' -l 'format' -d 'The format.' -rfka 'html markdown csv json'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist export" session' -l 'session' -d 'Which session: latest, all, or a session id.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist export" output' -l 'output' -d 'Write to this file (created 0600; a symbolic link is refused).' -rF
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist export" regions' -l 'regions' -d 'With --format csv: the region rows instead of the samples.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist export" version' -l 'version' -d 'Show the version.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist export" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist compare"' -l 'db' -d 'A memhist database (once or twice).' -rF
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist compare"' -l 'session' -d 'A session id or latest (once or twice).' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist compare"' -l 'host' -d 'Only sessions recorded on this host (once for both, or twice).' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist compare" metric' -l 'metric' -d 'The memory measure to follow: pss, rss, uss, dirty (private dirty), swap, anon.' -rfka 'pss rss uss dirty swap anon footprint'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist compare" since' -l 'since' -d 'Only samples from this time: ISO-8601, or back from the end like -2h.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist compare" until' -l 'until' -d 'Only samples up to this time: ISO-8601, or back from the end like -30m.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist compare" significance' -l 'significance' -d 'Mann-Kendall p-value below which a trend is significant (default 0.05).' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist compare" min-growth-percent' -l 'min-growth-percent' -d 'Smallest growth that counts, in % of the median level (default 2).' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist compare" min-growth' -l 'min-growth' -d 'Smallest growth that counts, in bytes (default 1MiB).' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist compare" min-samples' -l 'min-samples' -d 'Fewest samples for a verdict (default 6).' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist compare" format' -l 'format' -d 'Output format.' -rfka 'table json csv markdown'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist compare" version' -l 'version' -d 'Show the version.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist compare" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist sessions" db' -l 'db' -d 'The memhist database file.' -rF
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist sessions" format' -l 'format' -d 'Output format.' -rfka 'table json'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist sessions" color' -l 'color' -d 'Colour the table\'s verdicts: auto (on a terminal, unless NO_COLOR is set or TERM is dumb), always or never.' -rfka 'auto always never'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist sessions" version' -l 'version' -d 'Show the version.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist sessions" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist mark" db' -l 'db' -d 'The memhist database file.' -rF
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist mark" session' -l 'session' -d 'Which session: latest, or a session id.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist mark" at' -l 'at' -d 'When: an ISO-8601 time (2026-11-25T09:00:00Z, or local) or a duration back from now (-5m).' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist mark" version' -l 'version' -d 'Show the version.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist mark" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_positional "memhist snapshot" -eq 1' -fka '(ps -axo pid= | tr -d \' \')'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist snapshot" vmmap' -l 'vmmap' -d 'Read saved `vmmap PID` output instead of a live process (- for standard input).' -rF
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist snapshot" smaps' -l 'smaps' -d 'Read saved /proc/PID/smaps (or smaps_rollup) text instead (- for standard input).' -rF
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist snapshot" count' -l 'count' -d 'With --vmmap: processes captured together; divides the proportional sizes.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist snapshot" capture' -l 'capture' -d 'For a live process: native (/proc on Linux, vmmap on macOS) or vmmap (the vmmap program).' -rfka 'native vmmap'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist snapshot" format' -l 'format' -d 'Output format.' -rfka 'table json'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist snapshot" version' -l 'version' -d 'Show the version.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist snapshot" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist check" db' -l 'db' -d 'The memhist database file.' -rF
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist check" version' -l 'version' -d 'Show the version.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist check" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist schema" version' -l 'version' -d 'Show the version.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist schema" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist prune" db' -l 'db' -d 'The memhist database file.' -rF
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist prune" older-than' -l 'older-than' -d 'Remove sessions that last wrote longer ago than this: 12h, 7d.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist prune" keep-sessions' -l 'keep-sessions' -d 'Keep only this many of the newest sessions.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist prune" downsample-after' -l 'downsample-after' -d 'Thin samples older than this to three a minute per process: 1d.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist prune" dry-run' -l 'dry-run' -d 'List the sessions that would be removed; change nothing.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist prune" version' -l 'version' -d 'Show the version.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist prune" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_positional "memhist workload" -eq 1' -fka 'leak plateau sawtooth memfd steady shrink mappings'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist workload" rate' -l 'rate' -d 'Growth or release per second, e.g. 4MiB.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist workload" size' -l 'size' -d 'Size held (steady, shrink) or the sawtooth\'s peak.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist workload" count' -l 'count' -d 'Mappings to hold (mappings).' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist workload" extra-mappings' -l 'extra-mappings' -d 'One-page mappings to hold besides the pattern\'s memory, which make smaps costly to read (default 0).' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist workload" split-pages' -l 'split-pages' -d 'Take the memory as one-page mappings, so that reading smaps costs more as the process grows.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist workload" name' -l 'name' -d 'The memfd\'s name (memfd), any bytes: to try hostile names on.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist workload" rise-percent' -l 'rise-percent' -d 'The share of the duration plateau grows for, in % (default 40).' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist workload" duration' -l 'duration' -d 'How long to run.' -rfka ''
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist workload" version' -l 'version' -d 'Show the version.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist workload" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist merge" into' -l 'into' -d 'The database to merge into: created when missing, else a memhist database of yours.' -rF
complete -c 'memhist' -n '__memhist_should_offer_completions_for_positional "memhist merge" -ge 1' -F
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist merge" version' -l 'version' -d 'Show the version.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist merge" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'memhist' -n '__memhist_should_offer_completions_for_flags_or_options "memhist help" version' -l 'version' -d 'Show the version.'
