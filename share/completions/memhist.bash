#!/bin/bash

__memhist_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__memhist_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__memhist_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__memhist_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_memhist() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(--version -h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __memhist_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    record|report|export|compare|sessions|mark|snapshot|check|schema|prune|workload|merge|help)
        # Offer subcommand argument completions
        "_memhist_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'record report export compare sessions mark snapshot check schema prune workload merge help' -- "${cur}"))
        ;;
    esac
}

_memhist_record() {
    repeating_flags=()
    non_repeating_flags=(--all --report --quiet --version -h --help)
    repeating_options=(--pid --tree --fail-on)
    non_repeating_options=(--db --interval --duration --samples --textfile --listen --listen-regions --retain --downsample-after --mark-on-signal --match --regions --regions-every --budget --metric --capture --vmmap)
    __memhist_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--db')
        __memhist_add_completions -f
        return
        ;;
    '--interval')
        return
        ;;
    '--duration')
        return
        ;;
    '--samples')
        return
        ;;
    '--textfile')
        __memhist_add_completions -d
        return
        ;;
    '--listen')
        return
        ;;
    '--listen-regions')
        return
        ;;
    '--retain')
        return
        ;;
    '--downsample-after')
        return
        ;;
    '--mark-on-signal')
        return
        ;;
    '--pid')
        __memhist_add_completions -W "$(eval 'ps -axo pid= | tr -d '\'' '\''')"
        return
        ;;
    '--tree')
        __memhist_add_completions -W "$(eval 'ps -axo pid= | tr -d '\'' '\''')"
        return
        ;;
    '--match')
        return
        ;;
    '--regions')
        __memhist_add_completions -W 'grouped'$'\n''mappings'$'\n''off'
        return
        ;;
    '--regions-every')
        return
        ;;
    '--budget')
        return
        ;;
    '--metric')
        __memhist_add_completions -W 'pss'$'\n''rss'$'\n''uss'$'\n''dirty'$'\n''swap'$'\n''anon'$'\n''footprint'
        return
        ;;
    '--fail-on')
        __memhist_add_completions -W 'growing'$'\n''levelled_off'$'\n''stable'$'\n''shrinking'$'\n''insufficient_data'
        return
        ;;
    '--capture')
        __memhist_add_completions -W 'native'$'\n''vmmap'
        return
        ;;
    '--vmmap')
        __memhist_add_completions -f
        return
        ;;
    esac
}

_memhist_report() {
    repeating_flags=()
    non_repeating_flags=(--insecure-skip-verify --version -h --help)
    repeating_options=(--pid --verdict --host --fail-on)
    non_repeating_options=(--db --prometheus --query --step --timeout --bearer-token-file --basic-auth-user --basic-auth-password-file --ca-file --metric --since --until --significance --min-growth-percent --min-growth --min-samples --match --color --format --session --group)
    __memhist_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--db')
        __memhist_add_completions -f
        return
        ;;
    '--prometheus')
        return
        ;;
    '--query')
        return
        ;;
    '--step')
        return
        ;;
    '--timeout')
        return
        ;;
    '--bearer-token-file')
        __memhist_add_completions -f
        return
        ;;
    '--basic-auth-user')
        return
        ;;
    '--basic-auth-password-file')
        __memhist_add_completions -f
        return
        ;;
    '--ca-file')
        __memhist_add_completions -f
        return
        ;;
    '--metric')
        __memhist_add_completions -W 'pss'$'\n''rss'$'\n''uss'$'\n''dirty'$'\n''swap'$'\n''anon'$'\n''footprint'
        return
        ;;
    '--since')
        return
        ;;
    '--until')
        return
        ;;
    '--significance')
        return
        ;;
    '--min-growth-percent')
        return
        ;;
    '--min-growth')
        return
        ;;
    '--min-samples')
        return
        ;;
    '--pid')
        __memhist_add_completions -W "$(eval 'ps -axo pid= | tr -d '\'' '\''')"
        return
        ;;
    '--match')
        return
        ;;
    '--verdict')
        __memhist_add_completions -W 'growing'$'\n''levelled_off'$'\n''stable'$'\n''shrinking'$'\n''insufficient_data'
        return
        ;;
    '--host')
        return
        ;;
    '--fail-on')
        __memhist_add_completions -W 'growing'$'\n''levelled_off'$'\n''stable'$'\n''shrinking'$'\n''insufficient_data'
        return
        ;;
    '--color')
        __memhist_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--format')
        __memhist_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''markdown'
        return
        ;;
    '--session')
        return
        ;;
    '--group')
        __memhist_add_completions -W 'command'$'\n''tree'
        return
        ;;
    esac
}

_memhist_export() {
    repeating_flags=()
    non_repeating_flags=(--insecure-skip-verify --regions --version -h --help)
    repeating_options=(--pid --verdict --host)
    non_repeating_options=(--db --prometheus --query --step --timeout --bearer-token-file --basic-auth-user --basic-auth-password-file --ca-file --metric --since --until --significance --min-growth-percent --min-growth --min-samples --match --format --session --output)
    __memhist_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--db')
        __memhist_add_completions -f
        return
        ;;
    '--prometheus')
        return
        ;;
    '--query')
        return
        ;;
    '--step')
        return
        ;;
    '--timeout')
        return
        ;;
    '--bearer-token-file')
        __memhist_add_completions -f
        return
        ;;
    '--basic-auth-user')
        return
        ;;
    '--basic-auth-password-file')
        __memhist_add_completions -f
        return
        ;;
    '--ca-file')
        __memhist_add_completions -f
        return
        ;;
    '--metric')
        __memhist_add_completions -W 'pss'$'\n''rss'$'\n''uss'$'\n''dirty'$'\n''swap'$'\n''anon'$'\n''footprint'
        return
        ;;
    '--since')
        return
        ;;
    '--until')
        return
        ;;
    '--significance')
        return
        ;;
    '--min-growth-percent')
        return
        ;;
    '--min-growth')
        return
        ;;
    '--min-samples')
        return
        ;;
    '--pid')
        __memhist_add_completions -W "$(eval 'ps -axo pid= | tr -d '\'' '\''')"
        return
        ;;
    '--match')
        return
        ;;
    '--verdict')
        __memhist_add_completions -W 'growing'$'\n''levelled_off'$'\n''stable'$'\n''shrinking'$'\n''insufficient_data'
        return
        ;;
    '--host')
        return
        ;;
    '--format')
        __memhist_add_completions -W 'html'$'\n''markdown'$'\n''csv'$'\n''json'
        return
        ;;
    '--session')
        return
        ;;
    '--output')
        __memhist_add_completions -f
        return
        ;;
    esac
}

_memhist_compare() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=(--db --session --host)
    non_repeating_options=(--metric --since --until --significance --min-growth-percent --min-growth --min-samples --format)
    __memhist_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--db')
        __memhist_add_completions -f
        return
        ;;
    '--session')
        return
        ;;
    '--host')
        return
        ;;
    '--metric')
        __memhist_add_completions -W 'pss'$'\n''rss'$'\n''uss'$'\n''dirty'$'\n''swap'$'\n''anon'$'\n''footprint'
        return
        ;;
    '--since')
        return
        ;;
    '--until')
        return
        ;;
    '--significance')
        return
        ;;
    '--min-growth-percent')
        return
        ;;
    '--min-growth')
        return
        ;;
    '--min-samples')
        return
        ;;
    '--format')
        __memhist_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''markdown'
        return
        ;;
    esac
}

_memhist_sessions() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--db --format --color)
    __memhist_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--db')
        __memhist_add_completions -f
        return
        ;;
    '--format')
        __memhist_add_completions -W 'table'$'\n''json'
        return
        ;;
    '--color')
        __memhist_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac
}

_memhist_mark() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--db --session --at)
    __memhist_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--db')
        __memhist_add_completions -f
        return
        ;;
    '--session')
        return
        ;;
    '--at')
        return
        ;;
    esac
}

_memhist_snapshot() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--vmmap --smaps --count --capture --format)
    __memhist_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--vmmap')
        __memhist_add_completions -f
        return
        ;;
    '--smaps')
        __memhist_add_completions -f
        return
        ;;
    '--count')
        return
        ;;
    '--capture')
        __memhist_add_completions -W 'native'$'\n''vmmap'
        return
        ;;
    '--format')
        __memhist_add_completions -W 'table'$'\n''json'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __memhist_add_completions -W "$(eval 'ps -axo pid= | tr -d '\'' '\''')"
        return
        ;;
    esac
}

_memhist_check() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--db)
    __memhist_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--db')
        __memhist_add_completions -f
        return
        ;;
    esac
}

_memhist_schema() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __memhist_offer_flags_options 0
}

_memhist_prune() {
    repeating_flags=()
    non_repeating_flags=(--dry-run --version -h --help)
    repeating_options=()
    non_repeating_options=(--db --older-than --keep-sessions --downsample-after)
    __memhist_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--db')
        __memhist_add_completions -f
        return
        ;;
    '--older-than')
        return
        ;;
    '--keep-sessions')
        return
        ;;
    '--downsample-after')
        return
        ;;
    esac
}

_memhist_workload() {
    repeating_flags=()
    non_repeating_flags=(--split-pages --version -h --help)
    repeating_options=()
    non_repeating_options=(--rate --size --count --extra-mappings --name --rise-percent --duration)
    __memhist_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--rate')
        return
        ;;
    '--size')
        return
        ;;
    '--count')
        return
        ;;
    '--extra-mappings')
        return
        ;;
    '--name')
        return
        ;;
    '--rise-percent')
        return
        ;;
    '--duration')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __memhist_add_completions -W 'leak'$'\n''plateau'$'\n''sawtooth'$'\n''memfd'$'\n''steady'$'\n''shrink'$'\n''mappings'
        return
        ;;
    esac
}

_memhist_merge() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--into)
    __memhist_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--into')
        __memhist_add_completions -f
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    *)
        __memhist_add_completions -f
        return
        ;;
    esac
}

_memhist_help() {
    repeating_flags=()
    non_repeating_flags=(--version)
    repeating_options=()
    non_repeating_options=()
    __memhist_offer_flags_options -1
}

complete -o filenames -F _memhist memhist
