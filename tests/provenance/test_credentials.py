"""Signing credentials: openbanana's own PKI (created once, reused, renewed) and an operator's chain and key."""

from __future__ import annotations

import datetime as dt
import stat
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from openbanana.provenance import credentials as credentials_module
from openbanana.provenance.credentials import CredentialsError, SigningCredentials, load_or_create

PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey


# -- a small operator PKI for the tests -------------------------------------------------------------------


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example News"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])  # fmt: skip


def _sign_alg(key: PrivateKey) -> hashes.HashAlgorithm | None:
    return None if isinstance(key, ed25519.Ed25519PrivateKey) else hashes.SHA256()


def _ca(key: PrivateKey, subject: str, issuer: tuple[x509.Certificate, PrivateKey] | None) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    issuer_name, issuer_key = (issuer[0].subject, issuer[1]) if issuer else (_name(subject), key)
    return (
        x509.CertificateBuilder().subject_name(_name(subject)).issuer_name(issuer_name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(issuer_key, _sign_alg(issuer_key))  # type: ignore[arg-type]
    )  # fmt: skip


def _leaf(
    key: PrivateKey,
    issuer: tuple[x509.Certificate, PrivateKey],
    *,
    eku: x509.ObjectIdentifier | None = ExtendedKeyUsageOID.EMAIL_PROTECTION,
    ca: bool = False,
    days: int = 90,
) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder().subject_name(_name("Example News signer")).issuer_name(issuer[0].subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer[1].public_key()), critical=False)  # type: ignore[arg-type]
    )  # fmt: skip
    if eku is not None:
        builder = builder.add_extension(x509.ExtendedKeyUsage([eku]), critical=False)
    return builder.sign(issuer[1], _sign_alg(issuer[1]))  # type: ignore[arg-type]


def _pem(*certs: x509.Certificate) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


def _key_pem(key: PrivateKey) -> bytes:
    pkcs8 = serialization.PrivateFormat.PKCS8
    return key.private_bytes(serialization.Encoding.PEM, pkcs8, serialization.NoEncryption())


def operator_files(
    directory: Path, key: PrivateKey | None = None, *, intermediate: bool = True, **leaf_options: object
) -> tuple[Path, Path, bytes]:
    """An operator's chain file (leaf, intermediate, root) and key file; returns (cert, key, root PEM)."""
    root_key = ec.generate_private_key(ec.SECP384R1())
    root = _ca(root_key, "Example News root", None)
    issuer: tuple[x509.Certificate, PrivateKey] = (root, root_key)
    chain: list[x509.Certificate] = []
    if intermediate:
        inter_key = ec.generate_private_key(ec.SECP256R1())
        inter = _ca(inter_key, "Example News issuing CA", issuer)
        issuer = (inter, inter_key)
        chain.append(inter)
    key = key or ec.generate_private_key(ec.SECP256R1())
    leaf = _leaf(key, issuer, **leaf_options)  # type: ignore[arg-type]
    cert_path, key_path = directory / "chain.pem", directory / "key.pem"
    cert_path.write_bytes(_pem(leaf, *chain, root))
    key_path.write_bytes(_key_pem(key))
    return cert_path, key_path, _pem(root)


# -- openbanana's own ------------------------------------------------------------------------------------


def test_first_start_creates_a_root_and_a_signing_certificate(tmp_path: Path) -> None:
    creds = load_or_create(tmp_path)
    files = tmp_path / "c2pa"
    assert sorted(p.name for p in files.iterdir() if not p.name.startswith(".")) == [
        "root-ca.key", "root-ca.pem", "signer.key", "signer.pem",
    ]  # fmt: skip
    for private in ("root-ca.key", "signer.key"):
        assert stat.S_IMODE((files / private).stat().st_mode) == 0o600
    assert not [p for p in files.iterdir() if p.name.endswith(".tmp")]
    assert creds.alg == "es256" and creds.origin == "generated"
    assert "key_pem" not in repr(creds) and "PRIVATE" not in repr(creds)

    chain = x509.load_pem_x509_certificates(creds.chain_pem)
    assert len(chain) == 1  # the root is a trust anchor, not part of the x5chain
    leaf = chain[0]
    assert creds.root_pem is not None
    root = x509.load_pem_x509_certificate(creds.root_pem)
    assert leaf.issuer == root.subject and root.issuer == root.subject
    leaf.verify_directly_issued_by(root)
    assert "O=openbanana" in leaf.subject.rfc4514_string()
    assert not leaf.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert leaf.extensions.get_extension_for_class(x509.KeyUsage).value.digital_signature
    ekus = set(leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value)
    assert ExtendedKeyUsageOID.EMAIL_PROTECTION in ekus
    assert leaf.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier)
    assert root.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert isinstance(leaf.public_key(), ec.EllipticCurvePublicKey)
    assert leaf.public_key().curve.name == "secp256r1"  # type: ignore[union-attr]
    assert leaf.not_valid_after_utc > dt.datetime.now(dt.UTC) + dt.timedelta(days=365)


def test_later_starts_reuse_the_same_credentials(tmp_path: Path) -> None:
    first = load_or_create(tmp_path)
    second = load_or_create(tmp_path)
    assert second == first


def test_concurrent_first_starts_create_one_pki(tmp_path: Path) -> None:
    results: list[SigningCredentials] = []
    threads = [threading.Thread(target=lambda: results.append(load_or_create(tmp_path))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4 and all(r == results[0] for r in results)


def test_signing_certificate_is_reissued_from_the_same_root_near_expiry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_or_create(tmp_path)
    monkeypatch.setattr(credentials_module, "_RENEW_DAYS", 10 * 365)  # every certificate is "about to expire"
    renewed = load_or_create(tmp_path)
    assert renewed.root_pem == first.root_pem
    assert renewed.chain_pem != first.chain_pem and renewed.key_pem != first.key_pem
    monkeypatch.undo()
    assert load_or_create(tmp_path) == renewed


def test_a_broken_signer_file_is_replaced_but_the_root_kept(tmp_path: Path) -> None:
    first = load_or_create(tmp_path)
    (tmp_path / "c2pa" / "signer.pem").write_text("not a certificate")
    again = load_or_create(tmp_path)
    assert again.root_pem == first.root_pem and again.chain_pem != first.chain_pem


# -- the operator's --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make_key", "alg"),
    [
        (lambda: ec.generate_private_key(ec.SECP256R1()), "es256"),
        (lambda: ec.generate_private_key(ec.SECP384R1()), "es384"),
        (lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048), "ps256"),
        (ed25519.Ed25519PrivateKey.generate, "ed25519"),
    ],
    ids=["es256", "es384", "ps256", "ed25519"],
)
def test_operator_chain_and_key_are_used_with_the_algorithm_of_the_key(
    tmp_path: Path, make_key: Callable[[], PrivateKey], alg: str
) -> None:
    cert_path, key_path, root_pem = operator_files(tmp_path, make_key())
    creds = load_or_create(tmp_path / "data", cert_path, key_path)
    assert creds.alg == alg and creds.origin == "operator"
    assert creds.chain_pem == cert_path.read_bytes() and creds.key_pem == key_path.read_bytes()
    assert creds.root_pem == root_pem  # the self-signed last certificate of the file
    assert not (tmp_path / "data" / "c2pa").exists()  # nothing of our own is created


def test_document_signing_alone_is_refused_by_the_library_with_a_hint(tmp_path: Path) -> None:
    """c2pa-rs's default trust configuration wants id-kp-emailProtection; documentSigning alone fails."""
    cert_path, key_path, _ = operator_files(tmp_path, eku=x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36"))
    _expect(tmp_path, "missing required EKU.*emailProtection", cert_path, key_path)


def _expect(tmp_path: Path, message: str, cert_path: Path | None, key_path: Path | None) -> None:
    with pytest.raises(CredentialsError, match=message):
        load_or_create(tmp_path / "data", cert_path, key_path)


def test_operator_key_that_does_not_match_the_certificate(tmp_path: Path) -> None:
    cert_path, key_path, _ = operator_files(tmp_path)
    key_path.write_bytes(_key_pem(ec.generate_private_key(ec.SECP256R1())))
    _expect(tmp_path, "does not match the first certificate", cert_path, key_path)


def test_operator_files_that_are_not_pem(tmp_path: Path) -> None:
    cert_path, key_path, _ = operator_files(tmp_path)
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("hello")
    _expect(tmp_path, "not a PEM private key", cert_path, garbage)
    _expect(tmp_path, "not a PEM certificate chain", garbage, key_path)
    _expect(tmp_path, "cannot read the C2PA private key", cert_path, tmp_path / "missing.key")
    _expect(tmp_path, "must be given together", cert_path, None)


def test_operator_key_that_is_encrypted_or_unsupported(tmp_path: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    cert_path, key_path, _ = operator_files(tmp_path, key)
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                          serialization.BestAvailableEncryption(b"secret"))
    )  # fmt: skip
    _expect(tmp_path, "encrypted keys are not supported", cert_path, key_path)
    cert_path, key_path, _ = operator_files(tmp_path, ec.generate_private_key(ec.SECP256K1()))
    _expect(tmp_path, "secp256k1 is not supported", cert_path, key_path)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"eku": None}, "needs an extended key usage"),
        ({"ca": True}, "is a CA certificate"),
        ({"days": -1}, "is not valid now"),
    ],
    ids=["no-eku", "ca-leaf", "expired"],
)
def test_operator_certificate_outside_the_c2pa_profile(
    tmp_path: Path, options: dict[str, object], message: str
) -> None:
    cert_path, key_path, _ = operator_files(tmp_path, **options)
    _expect(tmp_path, message, cert_path, key_path)


def test_self_signed_operator_certificate_is_refused(tmp_path: Path) -> None:
    cert_path, key_path, _ = operator_files(tmp_path)
    leaf = x509.load_pem_x509_certificates(cert_path.read_bytes())[0]
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    now = dt.datetime.now(dt.UTC)
    self_signed = (
        x509.CertificateBuilder().subject_name(leaf.subject).issuer_name(leaf.subject).public_key(key.public_key())
        .serial_number(1).not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=9))
        .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    cert_path.write_bytes(_pem(self_signed))
    _expect(tmp_path, "is self-signed", cert_path, key_path)
