"""A throw-away certificate authority for the HTTPS cases, made fresh each run.

Every client trusts the server the way it would trust a private server in real life,
through a CA bundle (no ``verify=False``), so the TLS handshakes and verification
each client does are the real ones.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path

import certifi
import trustme
from loopback import HOST


@dataclass(frozen=True)
class Certificates:
    ca_bundle: Path  # what clients trust: our CA alone
    server_pem: Path  # the server's key and certificate chain
    # Our CA appended to certifi's public roots: a bundle the size of a system trust
    # store (/etc/ssl/certs/ca-certificates.crt), as a private CA is often trusted.
    roots_bundle: Path

    def client_context(self, bundle: Path | None = None) -> ssl.SSLContext:
        """A default, verifying client context that trusts ``bundle`` (our CA alone)."""
        return ssl.create_default_context(cafile=str(bundle or self.ca_bundle))


def make_certificates(workdir: Path) -> Certificates:
    authority = trustme.CA()
    server = authority.issue_cert(HOST, "localhost")
    bundle = workdir / "ca.pem"
    pem = workdir / "server.pem"
    authority.cert_pem.write_to_path(str(bundle))
    server.private_key_and_cert_chain_pem.write_to_path(str(pem))
    roots = workdir / "roots-and-ca.pem"
    roots.write_bytes(Path(certifi.where()).read_bytes() + authority.cert_pem.bytes())
    return Certificates(bundle, pem, roots)
