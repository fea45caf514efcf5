# Sourced by ./demo.sh, ./test.sh, .ci/run and ./benchmark.sh: makes sure the commands that packages.txt lists
# for some purposes are there. As root it installs the missing Debian packages (apt-get); otherwise it stops at
# once, before anything is built, with the one command that installs them.
#   ensure_packages PURPOSE...     e.g. ensure_packages build tests

# Prints the Debian packages whose command (column 1 of packages.txt) is missing for any of the given purposes.
missing_packages() {
    local command package purposes purpose wanted
    while read -r command package purposes; do
        [[ -z $command || $command == \#* ]] && continue
        for purpose in $purposes; do
            for wanted in "$@"; do
                if [[ $purpose == "$wanted" ]]; then
                    # root's tools live in sbin, which a user's PATH may lack
                    PATH=$PATH:/usr/sbin:/sbin command -v "$command" >/dev/null 2>&1 || echo "$package"
                    continue 3
                fi
            done
        done
    done <"$(dirname "${BASH_SOURCE[0]}")/packages.txt"
}

ensure_packages() {
    local packages
    mapfile -t packages < <(missing_packages "$@")
    ((${#packages[@]})) || return 0
    if [[ $(id -u) != 0 ]]; then
        echo "missing: ${packages[*]} (Debian packages). Install them, then run this again:" >&2
        echo "    sudo apt-get install -y ${packages[*]}" >&2
        exit 1
    fi
    echo ">> installing ${packages[*]} (apt-get)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
    packages=()
    mapfile -t packages < <(missing_packages "$@")
    if ((${#packages[@]})); then
        echo "still missing after apt-get: ${packages[*]}" >&2
        exit 1
    fi
}
