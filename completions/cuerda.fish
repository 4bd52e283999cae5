function __cuerda_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __cuerda_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __cuerda_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __cuerda_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __cuerda_parse_tokens -S
    set -l unparsed_tokens (__cuerda_tokens -pc)
    switch $unparsed_tokens[1]
    case 'cuerda'
        __cuerda_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'init'
            __cuerda_parse_subcommand 0 'replica=' 'schema=' 'from=' 'team=' 'name=' 'version' 'h/help'
        case 'join'
            __cuerda_parse_subcommand 0 'replica=' 'name=' 'team=' 'workspace=' 'valid-days=' 'out=' 'version' 'h/help'
        case 'admit'
            __cuerda_parse_subcommand 1 'replica=' 'team=' 'role=' 'out=' 'version' 'h/help'
        case 'revoke'
            __cuerda_parse_subcommand 1 'replica=' 'version' 'h/help'
        case 'members'
            __cuerda_parse_subcommand 0 'replica=' 'json' 'version' 'h/help'
        case 'area'
            __cuerda_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __cuerda_parse_subcommand 0 'replica=' 'json' 'version' 'h/help'
            case 'set'
                __cuerda_parse_subcommand 1 'replica=' 'owner=' 'name=' 'description=' 'version' 'h/help'
            end
        case 'dispute'
            __cuerda_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'raise'
                __cuerda_parse_subcommand 0 'replica=' 'area=' 'title=' 'date=' 'version' 'h/help'
            case 'position'
                __cuerda_parse_subcommand 1 'replica=' 'text=' 'version' 'h/help'
            case 'escalate'
                __cuerda_parse_subcommand 1 'replica=' 'version' 'h/help'
            case 'rule'
                __cuerda_parse_subcommand 1 'replica=' 'owner=' 'text=' 'date=' 'version' 'h/help'
            case 'list'
                __cuerda_parse_subcommand 0 'replica=' 'status=' 'json' 'version' 'h/help'
            case 'show'
                __cuerda_parse_subcommand 1 'replica=' 'json' 'version' 'h/help'
            end
        case 'plan'
            __cuerda_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'add'
                __cuerda_parse_subcommand 0 'replica=' 'period=' 'priority=' 'product=' 'channel=' 'segment=' 'expect=' 'version' 'h/help'
            case 'move'
                __cuerda_parse_subcommand 1 'replica=' 'before=' 'after=' 'to-top' 'to-bottom' 'version' 'h/help'
            case 'show'
                __cuerda_parse_subcommand 0 'replica=' 'period=' 'json' 'version' 'h/help'
            case 'derive'
                __cuerda_parse_subcommand 1 'replica=' 'account=' 'action=' 'owner=' 'due=' 'version' 'h/help'
            case 'coverage'
                __cuerda_parse_subcommand 0 'replica=' 'period=' 'json' 'version' 'h/help'
            end
        case 'target'
            __cuerda_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'set'
                __cuerda_parse_subcommand 0 'replica=' 'period=' 'amount=' 'currency=' 'version' 'h/help'
            case 'show'
                __cuerda_parse_subcommand 0 'replica=' 'period=' 'json' 'version' 'h/help'
            end
        case 'potential'
            __cuerda_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'set'
                __cuerda_parse_subcommand 0 'replica=' 'period=' 'group=' 'customer=' 'amount=' 'currency=' 'version' 'h/help'
            case 'list'
                __cuerda_parse_subcommand 0 'replica=' 'period=' 'json' 'version' 'h/help'
            case 'import'
                __cuerda_parse_subcommand 1 'replica=' 'currency=' 'version' 'h/help'
            end
        case 'quota'
            __cuerda_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'set'
                __cuerda_parse_subcommand 0 'replica=' 'period=' 'group=' 'customer=' 'amount=' 'currency=' 'version' 'h/help'
            case 'split'
                __cuerda_parse_subcommand 0 'replica=' 'period=' 'total=' 'group=' 'method=' 'currency=' 'version' 'h/help'
            case 'close-gap'
                __cuerda_parse_subcommand 0 'replica=' 'period=' 'method=' 'version' 'h/help'
            case 'show'
                __cuerda_parse_subcommand 0 'replica=' 'period=' 'json' 'version' 'h/help'
            end
        case 'actual'
            __cuerda_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'record'
                __cuerda_parse_subcommand 0 'replica=' 'month=' 'group=' 'amount=' 'currency=' 'version' 'h/help'
            case 'import'
                __cuerda_parse_subcommand 1 'replica=' 'currency=' 'version' 'h/help'
            case 'list'
                __cuerda_parse_subcommand 0 'replica=' 'month=' 'json' 'version' 'h/help'
            end
        case 'review'
            __cuerda_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'show'
                __cuerda_parse_subcommand 0 'replica=' 'month=' 'threshold=' 'json' 'version' 'h/help'
            case 'note'
                __cuerda_parse_subcommand 0 'replica=' 'month=' 'text=' 'version' 'h/help'
            end
        case 'action'
            __cuerda_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'add'
                __cuerda_parse_subcommand 0 'replica=' 'title=' 'owner=' 'due=' 'source=' 'opened=' 'version' 'h/help'
            case 'update'
                __cuerda_parse_subcommand 1 'replica=' 'status=' 'owner=' 'due=' 'title=' 'version' 'h/help'
            case 'list'
                __cuerda_parse_subcommand 0 'replica=' 'status=' 'owner=' 'json' 'version' 'h/help'
            end
        case 'cycle'
            __cuerda_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'open'
                __cuerda_parse_subcommand 1 'replica=' 'deadline=' 'version' 'h/help'
            case 'list'
                __cuerda_parse_subcommand 0 'replica=' 'json' 'version' 'h/help'
            end
        case 'need'
            __cuerda_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'add'
                __cuerda_parse_subcommand 1 'replica=' 'cycle=' 'version' 'h/help'
            case 'reword'
                __cuerda_parse_subcommand 2 'replica=' 'cycle=' 'version' 'h/help'
            case 'retire'
                __cuerda_parse_subcommand 1 'replica=' 'cycle=' 'version' 'h/help'
            case 'list'
                __cuerda_parse_subcommand 0 'replica=' 'json' 'cycle=' 'side=' 'version' 'h/help'
            end
        case 'grade'
            __cuerda_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'set'
                __cuerda_parse_subcommand 2 'replica=' 'cycle=' 'comment=' 'self' 'version' 'h/help'
            case 'reconcile'
                __cuerda_parse_subcommand 2 'replica=' 'cycle=' 'comment=' 'self' 'version' 'h/help'
            case 'list'
                __cuerda_parse_subcommand 0 'replica=' 'json' 'cycle=' 'version' 'h/help'
            end
        case 'scorecard'
            __cuerda_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'seal'
                __cuerda_parse_subcommand 0 'replica=' 'cycle=' 'version' 'h/help'
            case 'status'
                __cuerda_parse_subcommand 0 'replica=' 'json' 'cycle=' 'version' 'h/help'
            case 'report'
                __cuerda_parse_subcommand 0 'replica=' 'json' 'cycle=' 'version' 'h/help'
            case 'act'
                __cuerda_parse_subcommand 0 'replica=' 'cycle=' 'due=' 'version' 'h/help'
            end
        case 'celebrate'
            __cuerda_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'win'
                __cuerda_parse_subcommand 0 'replica=' 'quarter=' 'text=' 'version' 'h/help'
            case 'shortfall'
                __cuerda_parse_subcommand 0 'replica=' 'quarter=' 'text=' 'version' 'h/help'
            case 'lesson'
                __cuerda_parse_subcommand 0 'replica=' 'quarter=' 'text=' 'version' 'h/help'
            case 'recognize'
                __cuerda_parse_subcommand 0 'replica=' 'quarter=' 'group=' 'member=+' 'text=' 'version' 'h/help'
            case 'show'
                __cuerda_parse_subcommand 0 'replica=' 'quarter=' 'json' 'version' 'h/help'
            end
        case 'report'
            __cuerda_parse_subcommand 0 'replica=' 'html' 'out=' 'year=' 'month=' 'cycle=' 'version' 'h/help'
        case 'export'
            __cuerda_parse_subcommand 0 'replica=' 'out=' 'since=' 'for=' 'audience=+' 'sealed' 'to=' 'version' 'h/help'
        case 'import'
            __cuerda_parse_subcommand 1 'replica=' 'json' 'batch-size=' 'version' 'h/help'
        case 'serve'
            __cuerda_parse_subcommand 0 'replica=' 'port=' 'bind=' 'sessions=' 'idle-timeout=' 'timeout=' 'version' 'h/help'
        case 'sync'
            __cuerda_parse_subcommand 1 'replica=' 'json' 'idle-timeout=' 'timeout=' 'progress' 'quiet' 'version' 'h/help'
        case 'peers'
            __cuerda_parse_subcommand 0 'replica=' 'json' 'version' 'h/help'
        case 'put'
            __cuerda_parse_subcommand -r 3 'replica=' 'version' 'h/help'
        case 'delete'
            __cuerda_parse_subcommand 2 'replica=' 'version' 'h/help'
        case 'show'
            __cuerda_parse_subcommand 2 'replica=' 'json' 'version' 'h/help'
        case 'vector'
            __cuerda_parse_subcommand 0 'replica=' 'out=' 'version' 'h/help'
        case 'digest'
            __cuerda_parse_subcommand 0 'replica=' 'audience=+' 'version' 'h/help'
        case 'log'
            __cuerda_parse_subcommand 0 'replica=' 'json' 'limit=' 'version' 'h/help'
        case 'quarantine'
            __cuerda_parse_subcommand 0 'replica=' 'json' 'version' 'h/help'
        case 'help'
            __cuerda_parse_subcommand -r 1 'version'
        end
    end
end

function __cuerda_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __cuerda_parse_subcommand -S -a positional_count
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

function __cuerda_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __cuerda_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__cuerda_tokens -p)
    if test -z "$(__cuerda_tokens -t)"
        set -l index (count (__cuerda_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'cuerda' -f
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'init' -d 'Create a replica: a new workspace, or a new device of one from a bundle.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'join' -d 'Make this device\'s key and a request to join a workspace.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'admit' -d 'Admit the device of a join request into the workspace.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'revoke' -d 'Revoke a device, or every device of a member.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'members' -d 'List the members of the workspace: people, devices, teams, roles and status.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'area' -d 'Decision areas and the team that owns each.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'dispute' -d 'Disputes over who decides what: positions, escalation, rulings.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'plan' -d 'Marketing plan items, the sales actions derived from them, coverage.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'target' -d 'Revenue targets per period (marketing leads).'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'potential' -d 'Revenue potential per customer group and customer (sales).'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'quota' -d 'Quota allocation and the gap to the target (sales).'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'actual' -d 'Actual revenue per month and customer group.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'review' -d 'The monthly revenue review: target vs actual, commentary.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'action' -d 'Joint action items: owner, due date, status, source.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'cycle' -d 'Report-card cycles and their deadlines.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'need' -d 'Each side\'s critical needs of the other side.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'grade' -d 'Draft grades A/B/C/F on the other side\'s needs.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'scorecard' -d 'Seal, reveal and read the report card of a cycle.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'celebrate' -d 'Quarterly celebrations: wins, shortfalls, lessons, recognitions.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'report' -d 'Write the review-meeting report as one self-contained HTML file.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'export' -d 'Write the commits a recipient lacks to a bundle file.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'import' -d 'Apply a bundle file. Importing the same file twice changes nothing.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'serve' -d 'Listen for peers and sync with each one that is a member of the workspace.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'sync' -d 'Sync once with a peer running `cuerda serve`.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'peers' -d 'List the peers this replica has synced with, and what each held.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'put' -d 'Create or change a row.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'delete' -d 'Delete a row (a later re-create brings back its values).'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'show' -d 'Print the rows of a table, or one row with its conflicting values.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'vector' -d 'Print this replica\'s version vector (what it has), or save it for a peer\'s --since.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'digest' -d 'Print a digest of the replicated state; replicas that hold the same commits print the same one.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'log' -d 'List the commit log, newest first.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'quarantine' -d 'List commits that were refused, with the reason. They stay in the log and are relayed.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda init" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda init" schema' -l 'schema' -d 'The application schema (JSON) of a new workspace.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'json\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda init" from' -l 'from' -d 'A bundle to start the replica from (joins its workspace).' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda init" team' -l 'team' -d 'Found a governed workspace, as a lead of this team.' -rfka 'marketing sales leadership'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda init" name' -l 'name' -d 'The founder\'s name, shown in `cuerda members`.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda init" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda init" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda join" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda join" name' -l 'name' -d 'Your name, as the workspace will show it.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda join" team' -l 'team' -d 'The team you join.' -rfka 'marketing sales leadership'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda join" workspace' -l 'workspace' -d 'Bind the request to this workspace ID.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda join" valid-days' -l 'valid-days' -d 'Days the request stays usable (1 to 90).' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda join" out' -l 'out' -d 'Where to write the request.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda join" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda join" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda admit" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda admit" -eq 1' -F
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda admit" team' -l 'team' -d 'The new member\'s team.' -rfka 'marketing sales leadership'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda admit" role' -l 'role' -d 'lead or member.' -rfka 'lead member'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda admit" out' -l 'out' -d 'Also write a bundle for the new device.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda admit" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda admit" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda revoke" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda revoke" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda revoke" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda members" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda members" json' -l 'json' -d 'Print JSON instead of text.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda members" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda members" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda area" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda area" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda area" -eq 1' -fa 'list' -d 'List the decision areas with their owners.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda area" -eq 1' -fa 'set' -d 'Add a decision area or change its owner (leadership).'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda area list" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda area list" json' -l 'json' -d 'Print JSON instead of text.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda area list" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda area list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda area set" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda area set" owner' -l 'owner' -d 'The owning team: marketing, sales or leadership.' -rfka 'marketing sales leadership'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda area set" name' -l 'name' -d 'A display name (new areas: the slug).' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda area set" description' -l 'description' -d 'What the area decides.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda area set" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda area set" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda dispute" -eq 1' -fa 'raise' -d 'Raise a dispute about a decision area.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda dispute" -eq 1' -fa 'position' -d 'Record (or revise) your side\'s position on a dispute.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda dispute" -eq 1' -fa 'escalate' -d 'Escalate a dispute to leadership for a ruling.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda dispute" -eq 1' -fa 'rule' -d 'Rule on a dispute (leadership): the owner of its area, and why.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda dispute" -eq 1' -fa 'list' -d 'List disputes, oldest first.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda dispute" -eq 1' -fa 'show' -d 'Show a dispute with both positions and the ruling.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute raise" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute raise" area' -l 'area' -d 'The decision area (see `cuerda area list`).' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute raise" title' -l 'title' -d 'What is disputed.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute raise" date' -l 'date' -d 'The day (default: today).' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute raise" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute raise" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute position" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute position" text' -l 'text' -d 'Your side\'s position.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute position" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute position" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute escalate" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute escalate" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute escalate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute rule" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute rule" owner' -l 'owner' -d 'The team that owns the area from now on.' -rfka 'marketing sales leadership'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute rule" text' -l 'text' -d 'The ruling.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute rule" date' -l 'date' -d 'The day (default: today).' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute rule" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute rule" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute list" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute list" status' -l 'status' -d 'Only disputes that are open, escalated or ruled.' -rfka 'open escalated ruled'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute list" json' -l 'json' -d 'Print JSON instead of text.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute list" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute show" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute show" json' -l 'json' -d 'Print JSON instead of text.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute show" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda dispute show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda plan" -eq 1' -fa 'add' -d 'Add an item at the end of a period\'s marketing plan (marketing).'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda plan" -eq 1' -fa 'move' -d 'Move a plan item within its period\'s plan (marketing).'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda plan" -eq 1' -fa 'show' -d 'Show a period\'s marketing plan in order, each item\'s sales actions beneath it.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda plan" -eq 1' -fa 'derive' -d 'Derive a sales action from a marketing plan item (sales).'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda plan" -eq 1' -fa 'coverage' -d 'List the marketing items of a period that no sales action covers.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan add" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan add" period' -l 'period' -d 'The plan\'s period.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan add" priority' -l 'priority' -d '1 is the most important.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan add" product' -l 'product' -d 'The product.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan add" channel' -l 'channel' -d 'The channel that sells it.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan add" segment' -l 'segment' -d 'The customer segment.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan add" expect' -l 'expect' -d 'The sales actions marketing expects.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan add" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan add" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan move" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan move" before' -l 'before' -d 'Put it just before this item.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan move" after' -l 'after' -d 'Put it just after this item.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan move" to-top' -l 'to-top' -d 'Put it first.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan move" to-bottom' -l 'to-bottom' -d 'Put it last.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan move" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan move" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan show" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan show" period' -l 'period' -d 'The plan\'s period.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan show" json' -l 'json' -d 'Print JSON instead of text.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan show" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan derive" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan derive" account' -l 'account' -d 'An account or customer group.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan derive" action' -l 'action' -d 'What sales will do.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan derive" owner' -l 'owner' -d 'An active member\'s name.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan derive" due' -l 'due' -d 'The due date.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan derive" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan derive" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan coverage" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan coverage" period' -l 'period' -d 'The plan\'s period.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan coverage" json' -l 'json' -d 'Print JSON instead of text.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan coverage" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda plan coverage" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda target" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda target" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda target" -eq 1' -fa 'set' -d 'Set (or replace) the revenue target of a period (marketing leads only).'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda target" -eq 1' -fa 'show' -d 'Show the targets set, or one period\'s target month by month.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda target set" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda target set" period' -l 'period' -d '2026, 2026-H1, 2026-Q2 or 2026-03.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda target set" amount' -l 'amount' -d 'The target, e.g. 12,000,000 or 1250.50.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda target set" currency' -l 'currency' -d 'ISO 4217 currency of the amounts (default: $CUERDA_CURRENCY, else EUR).' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda target set" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda target set" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda target show" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda target show" period' -l 'period' -d 'A period to break down by month.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda target show" json' -l 'json' -d 'Print JSON instead of text.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda target show" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda target show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda potential" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda potential" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda potential" -eq 1' -fa 'set' -d 'Record (or replace) the potential of a customer group or customer.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda potential" -eq 1' -fa 'list' -d 'List a period\'s potentials by customer group and customer.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda potential" -eq 1' -fa 'import' -d 'Import potentials from a CSV file (all rows or none).'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda potential set" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda potential set" period' -l 'period' -d '2026, 2026-H1, 2026-Q2 or 2026-03.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda potential set" group' -l 'group' -d 'The customer group.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda potential set" customer' -l 'customer' -d 'A customer of the group (omit for the group).' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda potential set" amount' -l 'amount' -d 'The potential, e.g. 1,500,000.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda potential set" currency' -l 'currency' -d 'ISO 4217 currency of the amounts (default: $CUERDA_CURRENCY, else EUR).' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda potential set" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda potential set" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda potential list" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda potential list" period' -l 'period' -d 'The period.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda potential list" json' -l 'json' -d 'Print JSON instead of text.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda potential list" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda potential list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda potential import" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda potential import" -eq 1' -fa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'csv\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda potential import" currency' -l 'currency' -d 'ISO 4217 currency of the amounts (default: $CUERDA_CURRENCY, else EUR).' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda potential import" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda potential import" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quota" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quota" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda quota" -eq 1' -fa 'set' -d 'Set one group\'s (or customer\'s) quota by hand.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda quota" -eq 1' -fa 'split' -d 'Split a total across the customer groups, or a group\'s quota across its customers.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda quota" -eq 1' -fa 'close-gap' -d 'Split the gap to the target across the groups so quotas sum to it.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda quota" -eq 1' -fa 'show' -d 'Show a period\'s quotas: groups, customers, potential, quota, share and the gap.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quota set" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quota set" period' -l 'period' -d 'The period.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quota set" group' -l 'group' -d 'The customer group.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quota set" customer' -l 'customer' -d 'A customer of the group (omit for the group).' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quota set" amount' -l 'amount' -d 'The quota.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quota set" currency' -l 'currency' -d 'ISO 4217 currency of the amounts (default: $CUERDA_CURRENCY, else EUR).' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quota set" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quota set" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quota split" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quota split" period' -l 'period' -d 'The period.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quota split" total' -l 'total' -d 'A total to split across the groups.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quota split" group' -l 'group' -d 'A group whose quota to split across its customers.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quota split" method' -l 'method' -d 'even or potential.' -rfka 'even potential'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quota split" currency' -l 'currency' -d 'ISO 4217 currency of the amounts (default: $CUERDA_CURRENCY, else EUR).' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quota split" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quota split" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quota close-gap" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quota close-gap" period' -l 'period' -d 'The period.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quota close-gap" method' -l 'method' -d 'even or potential.' -rfka 'even potential'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quota close-gap" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quota close-gap" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quota show" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quota show" period' -l 'period' -d 'The period.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quota show" json' -l 'json' -d 'Print JSON instead of text.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quota show" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quota show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda actual" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda actual" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda actual" -eq 1' -fa 'record' -d 'Record (or correct) a group\'s actual revenue for a month.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda actual" -eq 1' -fa 'import' -d 'Import actuals from a CSV file (all rows or none).'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda actual" -eq 1' -fa 'list' -d 'List actual revenue, by month and customer group.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda actual record" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda actual record" month' -l 'month' -d 'The month.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda actual record" group' -l 'group' -d 'The customer group.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda actual record" amount' -l 'amount' -d 'The revenue booked.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda actual record" currency' -l 'currency' -d 'ISO 4217 currency of the amounts (default: $CUERDA_CURRENCY, else EUR).' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda actual record" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda actual record" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda actual import" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda actual import" -eq 1' -fa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'csv\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda actual import" currency' -l 'currency' -d 'ISO 4217 currency of the amounts (default: $CUERDA_CURRENCY, else EUR).' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda actual import" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda actual import" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda actual list" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda actual list" month' -l 'month' -d 'Only this month.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda actual list" json' -l 'json' -d 'Print JSON instead of text.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda actual list" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda actual list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda review" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda review" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda review" -eq 1' -fa 'show' -d 'Show the review of a month.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda review" -eq 1' -fa 'note' -d 'Write (or replace) your side\'s commentary on a month.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda review show" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda review show" month' -l 'month' -d 'The month.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda review show" threshold' -l 'threshold' -d 'Require commentary above this |variance %|.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda review show" json' -l 'json' -d 'Print JSON instead of text.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda review show" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda review show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda review note" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda review note" month' -l 'month' -d 'The month.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda review note" text' -l 'text' -d 'The commentary.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda review note" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda review note" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda action" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda action" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda action" -eq 1' -fa 'add' -d 'Open a joint action item.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda action" -eq 1' -fa 'update' -d 'Change an action item\'s status, owner, due date or title.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda action" -eq 1' -fa 'list' -d 'List action items, oldest first.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda action add" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda action add" title' -l 'title' -d 'What is to be done.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda action add" owner' -l 'owner' -d 'The member who owns it, by name.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda action add" due' -l 'due' -d 'The due date.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda action add" source' -l 'source' -d 'review:YYYY-MM, need:ID, dispute:ID or manual.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda action add" opened' -l 'opened' -d 'The month it is opened in.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda action add" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda action add" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda action update" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda action update" status' -l 'status' -d 'open, done or dropped.' -rfka 'open done dropped'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda action update" owner' -l 'owner' -d 'A new owner, by name.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda action update" due' -l 'due' -d 'A new due date.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda action update" title' -l 'title' -d 'A new title.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda action update" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda action update" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda action list" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda action list" status' -l 'status' -d 'open, done or dropped.' -rfka 'open done dropped'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda action list" owner' -l 'owner' -d 'Only this owner\'s items.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda action list" json' -l 'json' -d 'Print JSON instead of text.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda action list" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda action list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda cycle" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda cycle" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda cycle" -eq 1' -fa 'open' -d 'Open a report-card cycle, or move its deadline (a team lead).'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda cycle" -eq 1' -fa 'list' -d 'List the cycles.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda cycle open" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda cycle open" deadline' -l 'deadline' -d 'The grading deadline.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda cycle open" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda cycle open" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda cycle list" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda cycle list" json' -l 'json' -d 'Print JSON instead of text.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda cycle list" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda cycle list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda need" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda need" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda need" -eq 1' -fa 'add' -d 'Add a need of your side (a lead of marketing or sales).'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda need" -eq 1' -fa 'reword' -d 'Reword a need from a cycle on.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda need" -eq 1' -fa 'retire' -d 'Take a need off the card from a cycle on.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda need" -eq 1' -fa 'list' -d 'List the needs on a cycle\'s cards.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda need add" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda need add" cycle' -l 'cycle' -d 'The first cycle it is on the card.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda need add" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda need add" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda need reword" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda need reword" cycle' -l 'cycle' -d 'The first cycle with the new wording.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda need reword" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda need reword" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda need retire" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda need retire" cycle' -l 'cycle' -d 'The first cycle without it.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda need retire" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda need retire" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda need list" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda need list" json' -l 'json' -d 'Print JSON instead of text.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda need list" cycle' -l 'cycle' -d 'The cycle.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda need list" side' -l 'side' -d 'Only this side\'s needs.' -rfka 'marketing sales'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda need list" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda need list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda grade" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda grade" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda grade" -eq 1' -fa 'set' -d 'Write your draft grade of a need.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda grade" -eq 1' -fa 'reconcile' -d 'Settle graders\' disagreement on a need (the side\'s lead).'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda grade" -eq 1' -fa 'list' -d 'Show your side\'s draft card: letters, disagreements, missing grades.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda grade set" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda grade set" -eq 1' -fka 'A B C F'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda grade set" cycle' -l 'cycle' -d 'The cycle.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda grade set" comment' -l 'comment' -d 'Why, in one line.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda grade set" self' -l 'self' -d 'Predict the grade your side will receive on one of the other side\'s needs (self-assessment).'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda grade set" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda grade set" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda grade reconcile" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda grade reconcile" -eq 1' -fka 'A B C F'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda grade reconcile" cycle' -l 'cycle' -d 'The cycle.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda grade reconcile" comment' -l 'comment' -d 'Why, in one line.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda grade reconcile" self' -l 'self' -d 'Predict the grade your side will receive on one of the other side\'s needs (self-assessment).'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda grade reconcile" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda grade reconcile" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda grade list" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda grade list" json' -l 'json' -d 'Print JSON instead of text.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda grade list" cycle' -l 'cycle' -d 'The cycle.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda grade list" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda grade list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda scorecard" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda scorecard" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda scorecard" -eq 1' -fa 'seal' -d 'Seal your side\'s card for a cycle (a lead; every need graded, no disagreement).'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda scorecard" -eq 1' -fa 'status' -d 'Show each side\'s phase: drafting, sealed, revealed or not graded.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda scorecard" -eq 1' -fa 'report' -d 'Print the report card: letters, points, trends, perception gaps, proposed actions.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda scorecard" -eq 1' -fa 'act' -d 'Create the proposed action items of a cycle (one per C or F, owned by the graded side).'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda scorecard seal" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda scorecard seal" cycle' -l 'cycle' -d 'The cycle.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda scorecard seal" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda scorecard seal" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda scorecard status" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda scorecard status" json' -l 'json' -d 'Print JSON instead of text.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda scorecard status" cycle' -l 'cycle' -d 'The cycle.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda scorecard status" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda scorecard status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda scorecard report" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda scorecard report" json' -l 'json' -d 'Print JSON instead of text.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda scorecard report" cycle' -l 'cycle' -d 'The cycle.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda scorecard report" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda scorecard report" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda scorecard act" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda scorecard act" cycle' -l 'cycle' -d 'The cycle.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda scorecard act" due' -l 'due' -d 'When the actions are due.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda scorecard act" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda scorecard act" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda celebrate" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda celebrate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda celebrate" -eq 1' -fa 'win' -d 'Record a win of the quarter.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda celebrate" -eq 1' -fa 'shortfall' -d 'Record a shortfall of the quarter.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda celebrate" -eq 1' -fa 'lesson' -d 'Record a lesson learned in the quarter.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda celebrate" -eq 1' -fa 'recognize' -d 'Recognise a group for the quarter.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda celebrate" -eq 1' -fa 'show' -d 'Show a quarter\'s celebration, with warnings for groups that do not mix.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda celebrate win" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda celebrate win" quarter' -l 'quarter' -d 'The quarter.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda celebrate win" text' -l 'text' -d 'What happened.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda celebrate win" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda celebrate win" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda celebrate shortfall" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda celebrate shortfall" quarter' -l 'quarter' -d 'The quarter.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda celebrate shortfall" text' -l 'text' -d 'What happened.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda celebrate shortfall" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda celebrate shortfall" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda celebrate lesson" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda celebrate lesson" quarter' -l 'quarter' -d 'The quarter.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda celebrate lesson" text' -l 'text' -d 'What happened.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda celebrate lesson" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda celebrate lesson" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda celebrate recognize" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda celebrate recognize" quarter' -l 'quarter' -d 'The quarter.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda celebrate recognize" group' -l 'group' -d 'The group\'s name.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda celebrate recognize"' -l 'member' -d 'A member (repeat for each).' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda celebrate recognize" text' -l 'text' -d 'What the group is recognised for.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda celebrate recognize" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda celebrate recognize" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda celebrate show" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda celebrate show" quarter' -l 'quarter' -d 'The quarter.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda celebrate show" json' -l 'json' -d 'Print JSON instead of text.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda celebrate show" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda celebrate show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda report" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda report" html' -l 'html' -d 'Write HTML (required: the only format for now).'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda report" out' -l 'out' -d 'The file to write.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'html\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda report" year' -l 'year' -d 'The year of the revenue chart (default: the month\'s).' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda report" month' -l 'month' -d 'The review month (default: this month).' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda report" cycle' -l 'cycle' -d 'The report-card cycle (default: the latest revealed).' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda report" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda report" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda export" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda export" out' -l 'out' -d 'The bundle file to write.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda export" since' -l 'since' -d 'The recipient\'s vector (JSON from `cuerda vector`).' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda export" for' -l 'for' -d 'A peer this replica has synced with (device ID or a prefix).' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda export"' -l 'audience' -d 'The audiences to export (repeatable): all, team:NAME. Default: all.' -rfka 'all team:marketing team:sales team:leadership'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda export" sealed' -l 'sealed' -d 'Encrypt the bundle to the devices of the team given by --to, and sign it.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda export" to' -l 'to' -d 'The team a sealed file is for.' -rfka 'marketing sales leadership'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda export" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda export" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda import" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda import" json' -l 'json' -d 'Print JSON instead of text.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_positional "cuerda import" -eq 1' -F
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda import" batch-size' -l 'batch-size' -d 'Commits applied per transaction: a crash keeps whole batches, and a re-import completes the rest.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda import" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda import" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda serve" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda serve" port' -l 'port' -d 'The TCP port; 0 picks a free one.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda serve" bind' -l 'bind' -d 'The address to listen on.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda serve" sessions' -l 'sessions' -d 'Stop after serving this many connections.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda serve" idle-timeout' -l 'idle-timeout' -d 'Drop a peer that sends nothing for this many seconds.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda serve" timeout' -l 'timeout' -d 'Stop any session that runs longer than this many seconds.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda serve" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda serve" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda sync" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda sync" json' -l 'json' -d 'Print JSON instead of text.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda sync" idle-timeout' -l 'idle-timeout' -d 'Drop a peer that sends nothing for this many seconds.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda sync" timeout' -l 'timeout' -d 'Stop any session that runs longer than this many seconds.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda sync" progress' -l 'progress' -d 'Show progress even when stderr is not a terminal.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda sync" quiet' -l 'quiet' -d 'Never show progress.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda sync" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda sync" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda peers" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda peers" json' -l 'json' -d 'Print JSON instead of text.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda peers" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda peers" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda put" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda put" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda put" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda delete" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda delete" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda delete" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda show" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda show" json' -l 'json' -d 'Print JSON instead of text.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda show" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda vector" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda vector" out' -l 'out' -d 'Write the vector to this file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda vector" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda vector" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda digest" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda digest"' -l 'audience' -d 'Only tables of these audiences (repeatable).' -rfka 'all team:marketing team:sales team:leadership'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda digest" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda digest" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda log" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda log" json' -l 'json' -d 'Print JSON instead of text.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda log" limit' -l 'limit' -d 'How many commits to list.' -rfka ''
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda log" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda log" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quarantine" replica' -l 'replica' -d 'The replica file.' -rF
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quarantine" json' -l 'json' -d 'Print JSON instead of text.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quarantine" version' -l 'version' -d 'Show the version.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda quarantine" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cuerda' -n '__cuerda_should_offer_completions_for_flags_or_options "cuerda help" version' -l 'version' -d 'Show the version.'
