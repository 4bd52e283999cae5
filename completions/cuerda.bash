#!/bin/bash

__cuerda_cursor_index_in_current_word() {
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
__cuerda_offer_flags_options() {
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

__cuerda_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__cuerda_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_cuerda() {
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
    __cuerda_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    init|join|admit|revoke|members|area|dispute|plan|target|potential|quota|actual|review|action|cycle|need|grade|scorecard|celebrate|report|export|import|serve|sync|peers|put|delete|show|vector|digest|log|quarantine|help)
        # Offer subcommand argument completions
        "_cuerda_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'init join admit revoke members area dispute plan target potential quota actual review action cycle need grade scorecard celebrate report export import serve sync peers put delete show vector digest log quarantine help' -- "${cur}"))
        ;;
    esac
}

_cuerda_init() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --schema --from --team --name)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--schema')
        __cuerda_add_completions -o plusdirs -fX '!*.@(json)'
        return
        ;;
    '--from')
        __cuerda_add_completions -f
        return
        ;;
    '--team')
        __cuerda_add_completions -W 'marketing'$'\n''sales'$'\n''leadership'
        return
        ;;
    '--name')
        return
        ;;
    esac
}

_cuerda_join() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --name --team --workspace --valid-days --out)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--name')
        return
        ;;
    '--team')
        __cuerda_add_completions -W 'marketing'$'\n''sales'$'\n''leadership'
        return
        ;;
    '--workspace')
        return
        ;;
    '--valid-days')
        return
        ;;
    '--out')
        __cuerda_add_completions -f
        return
        ;;
    esac
}

_cuerda_admit() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --team --role --out)
    __cuerda_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--team')
        __cuerda_add_completions -W 'marketing'$'\n''sales'$'\n''leadership'
        return
        ;;
    '--role')
        __cuerda_add_completions -W 'lead'$'\n''member'
        return
        ;;
    '--out')
        __cuerda_add_completions -f
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __cuerda_add_completions -f
        return
        ;;
    esac
}

_cuerda_revoke() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica)
    __cuerda_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    esac
}

_cuerda_members() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--replica)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    esac
}

_cuerda_area() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __cuerda_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|set)
        # Offer subcommand argument completions
        "_cuerda_area_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list set' -- "${cur}"))
        ;;
    esac
}

_cuerda_area_list() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--replica)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    esac
}

_cuerda_area_set() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --owner --name --description)
    __cuerda_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--owner')
        __cuerda_add_completions -W 'marketing'$'\n''sales'$'\n''leadership'
        return
        ;;
    '--name')
        return
        ;;
    '--description')
        return
        ;;
    esac
}

_cuerda_dispute() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __cuerda_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    raise|position|escalate|rule|list|show)
        # Offer subcommand argument completions
        "_cuerda_dispute_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'raise position escalate rule list show' -- "${cur}"))
        ;;
    esac
}

_cuerda_dispute_raise() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --area --title --date)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--area')
        return
        ;;
    '--title')
        return
        ;;
    '--date')
        return
        ;;
    esac
}

_cuerda_dispute_position() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --text)
    __cuerda_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--text')
        return
        ;;
    esac
}

_cuerda_dispute_escalate() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica)
    __cuerda_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    esac
}

_cuerda_dispute_rule() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --owner --text --date)
    __cuerda_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--owner')
        __cuerda_add_completions -W 'marketing'$'\n''sales'$'\n''leadership'
        return
        ;;
    '--text')
        return
        ;;
    '--date')
        return
        ;;
    esac
}

_cuerda_dispute_list() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --status)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--status')
        __cuerda_add_completions -W 'open'$'\n''escalated'$'\n''ruled'
        return
        ;;
    esac
}

_cuerda_dispute_show() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--replica)
    __cuerda_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    esac
}

_cuerda_plan() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __cuerda_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    add|move|show|derive|coverage)
        # Offer subcommand argument completions
        "_cuerda_plan_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'add move show derive coverage' -- "${cur}"))
        ;;
    esac
}

_cuerda_plan_add() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --period --priority --product --channel --segment --expect)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--period')
        return
        ;;
    '--priority')
        return
        ;;
    '--product')
        return
        ;;
    '--channel')
        return
        ;;
    '--segment')
        return
        ;;
    '--expect')
        return
        ;;
    esac
}

_cuerda_plan_move() {
    repeating_flags=()
    non_repeating_flags=(--to-top --to-bottom --version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --before --after)
    __cuerda_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--before')
        return
        ;;
    '--after')
        return
        ;;
    esac
}

_cuerda_plan_show() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --period)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--period')
        return
        ;;
    esac
}

_cuerda_plan_derive() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --account --action --owner --due)
    __cuerda_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--account')
        return
        ;;
    '--action')
        return
        ;;
    '--owner')
        return
        ;;
    '--due')
        return
        ;;
    esac
}

_cuerda_plan_coverage() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --period)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--period')
        return
        ;;
    esac
}

_cuerda_target() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __cuerda_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    set|show)
        # Offer subcommand argument completions
        "_cuerda_target_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'set show' -- "${cur}"))
        ;;
    esac
}

_cuerda_target_set() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --period --amount --currency)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--period')
        return
        ;;
    '--amount')
        return
        ;;
    '--currency')
        return
        ;;
    esac
}

_cuerda_target_show() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --period)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--period')
        return
        ;;
    esac
}

_cuerda_potential() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __cuerda_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    set|list|import)
        # Offer subcommand argument completions
        "_cuerda_potential_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'set list import' -- "${cur}"))
        ;;
    esac
}

_cuerda_potential_set() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --period --group --customer --amount --currency)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--period')
        return
        ;;
    '--group')
        return
        ;;
    '--customer')
        return
        ;;
    '--amount')
        return
        ;;
    '--currency')
        return
        ;;
    esac
}

_cuerda_potential_list() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --period)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--period')
        return
        ;;
    esac
}

_cuerda_potential_import() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --currency)
    __cuerda_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--currency')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __cuerda_add_completions -o plusdirs -fX '!*.@(csv)'
        return
        ;;
    esac
}

_cuerda_quota() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __cuerda_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    set|split|close-gap|show)
        # Offer subcommand argument completions
        "_cuerda_quota_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'set split close-gap show' -- "${cur}"))
        ;;
    esac
}

_cuerda_quota_set() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --period --group --customer --amount --currency)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--period')
        return
        ;;
    '--group')
        return
        ;;
    '--customer')
        return
        ;;
    '--amount')
        return
        ;;
    '--currency')
        return
        ;;
    esac
}

_cuerda_quota_split() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --period --total --group --method --currency)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--period')
        return
        ;;
    '--total')
        return
        ;;
    '--group')
        return
        ;;
    '--method')
        __cuerda_add_completions -W 'even'$'\n''potential'
        return
        ;;
    '--currency')
        return
        ;;
    esac
}

_cuerda_quota_close-gap() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --period --method)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--period')
        return
        ;;
    '--method')
        __cuerda_add_completions -W 'even'$'\n''potential'
        return
        ;;
    esac
}

_cuerda_quota_show() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --period)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--period')
        return
        ;;
    esac
}

_cuerda_actual() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __cuerda_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    record|import|list)
        # Offer subcommand argument completions
        "_cuerda_actual_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'record import list' -- "${cur}"))
        ;;
    esac
}

_cuerda_actual_record() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --month --group --amount --currency)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--month')
        return
        ;;
    '--group')
        return
        ;;
    '--amount')
        return
        ;;
    '--currency')
        return
        ;;
    esac
}

_cuerda_actual_import() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --currency)
    __cuerda_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--currency')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __cuerda_add_completions -o plusdirs -fX '!*.@(csv)'
        return
        ;;
    esac
}

_cuerda_actual_list() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --month)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--month')
        return
        ;;
    esac
}

_cuerda_review() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __cuerda_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    show|note)
        # Offer subcommand argument completions
        "_cuerda_review_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'show note' -- "${cur}"))
        ;;
    esac
}

_cuerda_review_show() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --month --threshold)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--month')
        return
        ;;
    '--threshold')
        return
        ;;
    esac
}

_cuerda_review_note() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --month --text)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--month')
        return
        ;;
    '--text')
        return
        ;;
    esac
}

_cuerda_action() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __cuerda_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    add|update|list)
        # Offer subcommand argument completions
        "_cuerda_action_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'add update list' -- "${cur}"))
        ;;
    esac
}

_cuerda_action_add() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --title --owner --due --source --opened)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--title')
        return
        ;;
    '--owner')
        return
        ;;
    '--due')
        return
        ;;
    '--source')
        return
        ;;
    '--opened')
        return
        ;;
    esac
}

_cuerda_action_update() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --status --owner --due --title)
    __cuerda_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--status')
        __cuerda_add_completions -W 'open'$'\n''done'$'\n''dropped'
        return
        ;;
    '--owner')
        return
        ;;
    '--due')
        return
        ;;
    '--title')
        return
        ;;
    esac
}

_cuerda_action_list() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --status --owner)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--status')
        __cuerda_add_completions -W 'open'$'\n''done'$'\n''dropped'
        return
        ;;
    '--owner')
        return
        ;;
    esac
}

_cuerda_cycle() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __cuerda_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    open|list)
        # Offer subcommand argument completions
        "_cuerda_cycle_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'open list' -- "${cur}"))
        ;;
    esac
}

_cuerda_cycle_open() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --deadline)
    __cuerda_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--deadline')
        return
        ;;
    esac
}

_cuerda_cycle_list() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--replica)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    esac
}

_cuerda_need() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __cuerda_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    add|reword|retire|list)
        # Offer subcommand argument completions
        "_cuerda_need_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'add reword retire list' -- "${cur}"))
        ;;
    esac
}

_cuerda_need_add() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --cycle)
    __cuerda_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--cycle')
        return
        ;;
    esac
}

_cuerda_need_reword() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --cycle)
    __cuerda_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--cycle')
        return
        ;;
    esac
}

_cuerda_need_retire() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --cycle)
    __cuerda_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--cycle')
        return
        ;;
    esac
}

_cuerda_need_list() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --cycle --side)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--cycle')
        return
        ;;
    '--side')
        __cuerda_add_completions -W 'marketing'$'\n''sales'
        return
        ;;
    esac
}

_cuerda_grade() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __cuerda_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    set|reconcile|list)
        # Offer subcommand argument completions
        "_cuerda_grade_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'set reconcile list' -- "${cur}"))
        ;;
    esac
}

_cuerda_grade_set() {
    repeating_flags=()
    non_repeating_flags=(--self --version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --cycle --comment)
    __cuerda_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--cycle')
        return
        ;;
    '--comment')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    2)
        __cuerda_add_completions -W 'A'$'\n''B'$'\n''C'$'\n''F'
        return
        ;;
    esac
}

_cuerda_grade_reconcile() {
    repeating_flags=()
    non_repeating_flags=(--self --version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --cycle --comment)
    __cuerda_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--cycle')
        return
        ;;
    '--comment')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    2)
        __cuerda_add_completions -W 'A'$'\n''B'$'\n''C'$'\n''F'
        return
        ;;
    esac
}

_cuerda_grade_list() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --cycle)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--cycle')
        return
        ;;
    esac
}

_cuerda_scorecard() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __cuerda_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    seal|status|report|act)
        # Offer subcommand argument completions
        "_cuerda_scorecard_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'seal status report act' -- "${cur}"))
        ;;
    esac
}

_cuerda_scorecard_seal() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --cycle)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--cycle')
        return
        ;;
    esac
}

_cuerda_scorecard_status() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --cycle)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--cycle')
        return
        ;;
    esac
}

_cuerda_scorecard_report() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --cycle)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--cycle')
        return
        ;;
    esac
}

_cuerda_scorecard_act() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --cycle --due)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--cycle')
        return
        ;;
    '--due')
        return
        ;;
    esac
}

_cuerda_celebrate() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __cuerda_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    win|shortfall|lesson|recognize|show)
        # Offer subcommand argument completions
        "_cuerda_celebrate_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'win shortfall lesson recognize show' -- "${cur}"))
        ;;
    esac
}

_cuerda_celebrate_win() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --quarter --text)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--quarter')
        return
        ;;
    '--text')
        return
        ;;
    esac
}

_cuerda_celebrate_shortfall() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --quarter --text)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--quarter')
        return
        ;;
    '--text')
        return
        ;;
    esac
}

_cuerda_celebrate_lesson() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --quarter --text)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--quarter')
        return
        ;;
    '--text')
        return
        ;;
    esac
}

_cuerda_celebrate_recognize() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=(--member)
    non_repeating_options=(--replica --quarter --group --text)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--quarter')
        return
        ;;
    '--group')
        return
        ;;
    '--member')
        return
        ;;
    '--text')
        return
        ;;
    esac
}

_cuerda_celebrate_show() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --quarter)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--quarter')
        return
        ;;
    esac
}

_cuerda_report() {
    repeating_flags=()
    non_repeating_flags=(--html --version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --out --year --month --cycle)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--out')
        __cuerda_add_completions -o plusdirs -fX '!*.@(html)'
        return
        ;;
    '--year')
        return
        ;;
    '--month')
        return
        ;;
    '--cycle')
        return
        ;;
    esac
}

_cuerda_export() {
    repeating_flags=()
    non_repeating_flags=(--sealed --version -h --help)
    repeating_options=(--audience)
    non_repeating_options=(--replica --out --since --for --to)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--out')
        __cuerda_add_completions -f
        return
        ;;
    '--since')
        __cuerda_add_completions -f
        return
        ;;
    '--for')
        return
        ;;
    '--audience')
        __cuerda_add_completions -W 'all'$'\n''team:marketing'$'\n''team:sales'$'\n''team:leadership'
        return
        ;;
    '--to')
        __cuerda_add_completions -W 'marketing'$'\n''sales'$'\n''leadership'
        return
        ;;
    esac
}

_cuerda_import() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --batch-size)
    __cuerda_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--batch-size')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __cuerda_add_completions -f
        return
        ;;
    esac
}

_cuerda_serve() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --port --bind --sessions --idle-timeout --timeout)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--port')
        return
        ;;
    '--bind')
        return
        ;;
    '--sessions')
        return
        ;;
    '--idle-timeout')
        return
        ;;
    '--timeout')
        return
        ;;
    esac
}

_cuerda_sync() {
    repeating_flags=()
    non_repeating_flags=(--json --progress --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --idle-timeout --timeout)
    __cuerda_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--idle-timeout')
        return
        ;;
    '--timeout')
        return
        ;;
    esac
}

_cuerda_peers() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--replica)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    esac
}

_cuerda_put() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica)
    __cuerda_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    esac
}

_cuerda_delete() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica)
    __cuerda_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    esac
}

_cuerda_show() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--replica)
    __cuerda_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    esac
}

_cuerda_vector() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --out)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--out')
        __cuerda_add_completions -f
        return
        ;;
    esac
}

_cuerda_digest() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=(--audience)
    non_repeating_options=(--replica)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--audience')
        __cuerda_add_completions -W 'all'$'\n''team:marketing'$'\n''team:sales'$'\n''team:leadership'
        return
        ;;
    esac
}

_cuerda_log() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--replica --limit)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    '--limit')
        return
        ;;
    esac
}

_cuerda_quarantine() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--replica)
    __cuerda_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--replica')
        __cuerda_add_completions -f
        return
        ;;
    esac
}

_cuerda_help() {
    repeating_flags=()
    non_repeating_flags=(--version)
    repeating_options=()
    non_repeating_options=()
    __cuerda_offer_flags_options -1
}

complete -o filenames -F _cuerda cuerda
