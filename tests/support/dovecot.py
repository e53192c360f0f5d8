"""A real Dovecot IMAP server for tests, started from a config of its own in a temporary directory.

The system service is never touched: the instance has its own base_dir, state and log, listens on a free
port of 127.0.0.1 and authenticates users from a passwd-file the tests append to (Dovecot re-reads the
file when it changes, so users can be added while it runs). Start it once per session: it needs 2-3 s
to exit after SIGTERM.
"""

from __future__ import annotations

import contextlib
import imaplib
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
POOL_SIZE = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class ImapUser:
    host: str
    port: int
    address: str
    password: str
    tls_port: int = 0

    @property
    def tls_url(self) -> str:
        return f"imaps://{self.address}:{self.password}@{self.host}:{self.tls_port}/INBOX"

    @property
    def url(self) -> str:
        return f"imap://{self.address}:{self.password}@{self.host}:{self.port}/INBOX"

    @contextlib.contextmanager
    def connect(self) -> Iterator[imaplib.IMAP4]:
        # Tests use the stdlib's blocking client to plant and inspect mail: it is independent of
        # the code under test, which speaks aioimaplib.
        imap = imaplib.IMAP4(self.host, self.port, timeout=10)
        try:
            imap.login(self.address, self.password)
            yield imap
        finally:
            with contextlib.suppress(Exception):
                imap.logout()

    def append(self, raw: bytes, folder: str = "INBOX", flags: str = "") -> None:
        with self.connect() as imap:
            typ, data = imap.append(folder, flags or None, None, raw)
            assert typ == "OK", data

    def flags(self, folder: str = "INBOX") -> dict[int, set[str]]:
        """UID -> flags of every message in the folder."""
        with self.connect() as imap:
            imap.select(folder)
            typ, data = imap.uid("FETCH", "1:*", "(UID FLAGS)")
            assert typ == "OK", data
            found: dict[int, set[str]] = {}
            for item in data:
                if not item:
                    continue
                text = item.decode() if isinstance(item, bytes) else item[0].decode()
                uid = int(text.split("UID ", 1)[1].split()[0].rstrip(")"))
                inside = text.split("FLAGS (", 1)[1].split(")", 1)[0]
                found[uid] = set(inside.split())
            return found

    def create_folder(self, folder: str) -> None:
        with self.connect() as imap:
            imap.create(folder)


@dataclass
class DovecotServer:
    root: Path
    port: int = 0
    host: str = "127.0.0.1"
    process: subprocess.Popen[bytes] | None = None
    _users: list[str] = field(default_factory=list)
    _pool: list[tuple[str, str]] = field(default_factory=list)
    tls_port: int = 0
    cert_file: Path | None = None  # the self-signed certificate of the imaps listener (127.0.0.1)

    def start(self) -> None:
        self.port = self.port or free_port()
        for sub in ("run", "state", "mail"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        # Dovecot re-reads the passwd-file at most once a second, so users added while it runs need a
        # wait: a pool created before start-up makes add_user instant for the usual test session.
        self._pool = [(f"box-{secrets.token_hex(4)}", secrets.token_urlsafe(12)) for _ in range(POOL_SIZE)]
        (self.root / "users").write_text(
            "".join(f"{local}@example.test:{{PLAIN}}{password}\n" for local, password in self._pool)
        )
        self.tls_port = self.tls_port or free_port()
        self.cert_file, _ = _self_signed(self.root)
        conf = self.root / "dovecot.conf"
        conf.write_text(self._config())
        if os.geteuid() == 0:
            # Dovecot's auth process runs as user dovecot and must traverse to the passwd-file;
            # mail access drops to the userdb's uid, which must own the mail tree.
            self.root.chmod(0o755)
            nobody = pwd.getpwnam("nobody")
            os.chown(self.root / "mail", nobody.pw_uid, nobody.pw_gid)
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(conf)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self._wait_ready()

    def _config(self) -> str:
        d = self.root
        if os.geteuid() == 0:
            identity = "uid=nobody gid=nogroup"
            extra = ""
        else:
            # Unprivileged: every Dovecot process runs as the invoking user.
            me = pwd.getpwuid(os.getuid()).pw_name
            identity = f"uid={os.getuid()} gid={os.getgid()}"
            extra = f"default_login_user = {me}\ndefault_internal_user = {me}\n"
        return f"""instance_name = casebook-test-{secrets.token_hex(4)}
base_dir  = {d}/run
state_dir = {d}/state
log_path  = {d}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{self.cert_file}
ssl_key = <{self.root}/key.pem
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_failure_delay = 0
auth_mechanisms = plain login
mail_location = maildir:{d}/mail/%u
{extra}passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/users
}}
userdb {{
  driver = static
  args = {identity} home={d}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.tls_port}
  }}
}}
"""

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                err = self.process.stderr.read().decode() if self.process.stderr else ""
                log = (self.root / "dovecot.log").read_text() if (self.root / "dovecot.log").exists() else ""
                raise RuntimeError(f"dovecot exited: {err}\n{log}")
            with (
                contextlib.suppress(OSError),
                socket.create_connection((self.host, self.port), timeout=1) as s,
            ):
                if s.recv(100).startswith(b"* OK"):
                    return
            time.sleep(0.05)
        raise RuntimeError("dovecot did not start listening")

    def add_user(self, local: str | None = None, domain: str = "example.test") -> ImapUser:
        if local is None and domain == "example.test" and self._pool:
            pooled, pooled_password = self._pool.pop()
            return ImapUser(
                self.host,
                self.port,
                f"{pooled}@{domain}",
                pooled_password,
                self.tls_port,
            )
        address = f"{local or 'box-' + secrets.token_hex(4)}@{domain}"
        password = secrets.token_urlsafe(12)
        with (self.root / "users").open("a") as f:
            f.write(f"{address}:{{PLAIN}}{password}\n")
        self._users.append(address)
        user = ImapUser(self.host, self.port, address, password, self.tls_port)
        # Dovecot re-reads the passwd-file at most once a second: wait until the new user can log in.
        deadline = time.monotonic() + 5
        while True:
            try:
                with user.connect():
                    return user
            except imaplib.IMAP4.error:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stderr:
            self.process.stderr.close()
        self.process = None


def _self_signed(root: Path) -> tuple[Path, Path]:
    """A throw-away certificate for 127.0.0.1, so the implicit-TLS (imaps) path is tested too."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [
                    x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                    x509.DNSName("localhost"),
                ]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = root / "cert.pem", root / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@contextlib.contextmanager
def running_dovecot() -> Iterator[DovecotServer]:
    # Its own directory under /tmp, not pytest's tmp_path: that one sits in a 0700 tree the
    # dovecot auth user cannot traverse.
    root = Path(tempfile.mkdtemp(prefix="casebook-dovecot-"))
    server = DovecotServer(root)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
