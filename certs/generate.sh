#!/bin/sh
# Creates a development CA, a serving certificate and a client certificate with the openssl CLI.
#
#   certs/generate.sh [OUT_DIR] [ecdsa|rsa]
#
# OUT_DIR defaults to certs/out; the key type to ecdsa (P-256). Writes ca.crt ca.key server.crt server.key
# client.crt client.key. Idempotent: does nothing when server.crt and server.key already exist (delete the
# directory to start over). Tests call it with a temporary directory for throwaway certificates.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-"$here/out"}
type=${2:-ecdsa}
config="$here/openssl.cnf"

if [ -s "$out/server.crt" ] && [ -s "$out/server.key" ]; then
    echo "certificates already in $out"
    exit 0
fi
mkdir -p "$out"
umask 077

new_key() {
    case "$type" in
        ecdsa) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null ;;
        rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null ;;
        *) echo "unknown key type '$type' (ecdsa or rsa)" >&2; exit 2 ;;
    esac
}

new_key "$out/ca.key"
openssl req -x509 -new -key "$out/ca.key" -subj "/CN=linkerd-policy-webhook dev CA" -days 365 \
    -config "$config" -extensions ca -out "$out/ca.crt"

issue() { # name, extensions section, subject
    new_key "$out/$1.key"
    openssl req -new -key "$out/$1.key" -subj "$3" -config "$config" -out "$out/$1.csr"
    openssl x509 -req -in "$out/$1.csr" -CA "$out/ca.crt" -CAkey "$out/ca.key" -CAcreateserial -days 90 \
        -extfile "$config" -extensions "$2" -out "$out/$1.crt" 2>/dev/null
    rm -f "$out/$1.csr"
}

issue server server "/CN=linkerd-policy-webhook.linkerd-policy-webhook.svc"
issue client client "/CN=kube-apiserver"
rm -f "$out/ca.srl"
chmod 644 "$out/ca.crt" "$out/server.crt" "$out/client.crt"
echo "wrote a $type CA, server and client certificate to $out"
