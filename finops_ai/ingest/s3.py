"""Fetch AWS bills from S3: the current delivery of each billing period, and nothing older.

AWS rewrites a month's CUR many times and keeps the old copies beside the new one, so taking
every file under a prefix would count each month several times. One delivery is chosen per
billing-period folder, trusting in this order:

- a manifest names the files of the current delivery: legacy CUR's
  ``<yyyymmdd-yyyymmdd>/<report>-Manifest.json`` (``reportKeys``, ``assemblyId``) and CUR 2.0 /
  FOCUS exports' ``metadata/BILLING_PERIOD=YYYY-MM/<export>-Manifest.json``;
- without one, the newest subfolder of the period (CREATE_NEW_REPORT's timestamped folders), or
  the files in the period folder itself (overwrite layouts, Athena ``year=/month=`` Parquet).

Bill files outside these layouts are taken as they are. Every delivery has a ``source_version``
that changes exactly when AWS delivers again, so a period already ingested at that version is
skipped before anything is downloaded. botocore's exceptions are translated here and nowhere else.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

import boto3
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    PartialCredentialsError,
    ProfileNotFound,
    SSOError,
    TokenRetrievalError,
)

from finops_ai.errors import ConfigError, CredentialError, FinopsError, IngestError, SourceError
from finops_ai.ingest.files import BillFile, is_bill_name, oci_series

Report = Callable[[str], None]

_MANIFEST = re.compile(r"-manifest\.json$", re.IGNORECASE)
# The period manifest sits directly in the period folder; copies inside assembly folders are
# older snapshots of the same thing and are never read.
_LEGACY_MANIFEST = re.compile(r"^(?:.*/)?\d{8}-\d{8}/[^/]+-Manifest\.json$")
_CUR2_MANIFEST = re.compile(
    r"^(?P<export>(?:.*/)?)metadata/BILLING_PERIOD=(?P<period>\d{4}-\d{2})/[^/]+-Manifest\.json$"
)
# Folders holding one billing period each: CUR 2.0 / FOCUS exports, legacy CUR, Athena Parquet.
_PERIOD_FOLDERS = (
    re.compile(r"^(?:.*/)?data/BILLING_PERIOD=(?P<y>\d{4})-(?P<m>\d{2})/"),
    re.compile(r"^(?:.*/)?(?P<y>\d{4})(?P<m>\d{2})\d{2}-\d{8}/"),
    re.compile(r"^(?:.*/)?year=(?P<y>\d{4})/month=(?P<m>\d{1,2})/"),
)
_STAMPED = re.compile(r"^\d{8}T\d{6}Z")  # CREATE_NEW_REPORT's <yyyymmddThhmmssZ>-<executionId>
_EXPIRED = {"ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired"}
_REJECTED = {"InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "InvalidClientTokenId"}
_DENIED = {"AccessDenied", "403", "Forbidden", "AllAccessDisabled"}


@dataclass(frozen=True)
class _Object:
    key: str
    size: int
    etag: str
    modified: datetime


@dataclass
class _Delivery:
    where: str  # s3:// URI of the period folder (or loose file) shown to users
    what: str  # "billing period 2023-11", or "" for a loose file
    label: str  # what makes it current: "assembly <id>", "delivery <folder>", ...
    version: str
    files: list[tuple[str, _Object]] | None = None  # (bucket, object), known without manifest
    manifest: str = ""  # s3:// URI of the manifest, when there is one
    keys: tuple[str, ...] = ()  # keys the manifest lists
    manifest_bucket: str = ""
    identity: str | None = None  # the delivery a restatement replaces whole; None: a loose file


def parse_uri(uri: str) -> tuple[str, str]:
    """``s3://bucket/some/prefix`` -> (bucket, key prefix)."""
    bucket, _, prefix = uri.removeprefix("s3://").partition("/")
    if not uri.startswith("s3://") or not bucket:
        raise ConfigError(f"{uri}: not an S3 location; expected s3://bucket/prefix/")
    return bucket, prefix


def fetch_bills(
    uri: str,
    dest: Path,
    *,
    is_loaded: Callable[[str], bool],
    profile: str | None = None,
    endpoint_url: str | None = None,
    report: Report = lambda _msg: None,
    unchanged: set[str] | None = None,
) -> list[BillFile]:
    """Download the current delivery of every billing period under ``uri`` into ``dest``.

    ``is_loaded(source_version)`` says whether a delivery is already in the warehouse; those
    are reported as skipped and not downloaded, and a loose file's URI is added to
    ``unchanged``: it is still there, so its rows are not another file's to replace.
    Raises a FinopsError naming the s3:// object.
    """
    bucket, prefix = parse_uri(uri)
    s3 = _S3(uri, profile, endpoint_url)
    listed = s3.list(bucket, prefix)
    folder = prefix if not prefix or prefix.endswith("/") else prefix + "/"
    exact = [o for o in listed if o.key == prefix != folder]
    objects = exact or [o for o in listed if o.key.startswith(folder)]
    if not objects:
        raise SourceError(f"{uri}: no objects under this prefix", "Check the bucket and prefix")
    deliveries = _deliveries(s3, bucket, objects, single=bool(exact), report=report)
    if not deliveries:
        raise IngestError(
            uri,
            "no bill files or CUR manifests here",
            "Point at the CUR report prefix, a CUR 2.0 export folder or a bill file",
        )
    index = {o.key: o for o in listed}
    out = Path(tempfile.mkdtemp(prefix="s3-", dir=dest))  # one per URI: no name collisions
    bills: list[BillFile] = []
    for delivery in deliveries:
        what = f" {delivery.what}" if delivery.what else ""
        if delivery.manifest and not delivery.keys:
            report(f"skipped {delivery.where}:{what} its manifest lists no files yet")
            continue
        if is_loaded(delivery.version):
            report(f"skipped {delivery.where}:{what} already ingested at {delivery.label}")
            if unchanged is not None and delivery.identity is None:
                unchanged.add(delivery.where)
            continue
        # Locate every listed file before downloading any, so a broken manifest fails fast.
        files = delivery.files or [_locate(s3, bucket, index, delivery, k) for k in delivery.keys]
        size = _human(sum(obj.size for _, obj in files))
        parts = [delivery.what, delivery.label, f"{len(files)} file(s)", size]
        report(f"fetching {delivery.where}: " + ", ".join(p for p in parts if p))
        for obj_bucket, obj in files:
            path = out / f"{len(bills) + 1:04d}-{PurePosixPath(obj.key).name}"
            s3.download(obj_bucket, obj.key, path)
            name = f"s3://{obj_bucket}/{obj.key}"
            manifest = delivery.manifest or None
            bills.append(BillFile(path, name, delivery.version, delivery.identity, manifest))
    return bills


def _deliveries(
    s3: _S3, bucket: str, objects: list[_Object], *, single: bool, report: Report
) -> list[_Delivery]:
    found: list[_Delivery] = []
    covered: list[str] = []
    for obj in objects:
        cur2 = _CUR2_MANIFEST.match(obj.key)
        if cur2:
            folder = f"{cur2['export']}data/BILLING_PERIOD={cur2['period']}/"
        elif _LEGACY_MANIFEST.match(obj.key) or (single and _MANIFEST.search(obj.key)):
            # A manifest named on its own may be a copy inside an assembly folder.
            folder = _period_of(obj.key)[0] or str(PurePosixPath(obj.key).parent) + "/"
        else:
            continue
        found.append(_manifest_delivery(s3, bucket, obj, folder, legacy=not cur2))
        covered.append(folder)

    groups: dict[str, list[_Object]] = defaultdict(list)
    loose: list[_Object] = []
    for obj in objects:
        if not is_bill_name(obj.key) or any(obj.key.startswith(c) for c in covered):
            continue
        folder, _ = _period_of(obj.key)
        if folder:
            groups[folder].append(obj)
        else:
            loose.append(obj)
    found += [_folder_delivery(bucket, f, objs, report) for f, objs in groups.items()]
    for obj in loose:
        where = f"s3://{bucket}/{obj.key}"
        version = f"{where}@{obj.etag}"
        found.append(
            _Delivery(
                where,
                "",
                f"ETag {obj.etag}",
                version,
                [(bucket, obj)],
                identity=oci_series(where),  # OCI's reports through its S3-compatible API
            )
        )
    return sorted(found, key=lambda d: d.where)


def _manifest_delivery(
    s3: _S3, bucket: str, obj: _Object, folder: str, *, legacy: bool
) -> _Delivery:
    uri = f"s3://{bucket}/{obj.key}"
    doc = s3.read_json(bucket, obj.key)
    # No real CUR 2.0 manifest is public: readers disagree between dataFiles and reportKeys.
    entries = doc.get("reportKeys") if legacy else doc.get("dataFiles", doc.get("reportKeys"))
    if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
        field = "reportKeys" if legacy else "dataFiles"
        raise IngestError(uri, f"manifest has no {field} list", "Is this a CUR manifest?")
    ident = doc.get("assemblyId") if legacy else doc.get("executionId") or doc.get("deliveryId")
    if ident:
        label = f"{'assembly' if legacy else 'execution'} {ident}"
    else:
        ident, label = obj.etag, f"manifest ETag {obj.etag}"
    period = _period_of(folder)[1] or _manifest_period(doc)
    other = doc.get("bucket") if isinstance(doc.get("bucket"), str) else ""
    keys = []
    for entry in entries:
        if entry.startswith("s3://"):
            other, entry = parse_uri(entry)
        keys.append(entry.lstrip("/"))
    where = f"s3://{bucket}/{folder.rstrip('/')}"
    return _Delivery(
        where,
        f"billing period {period}" if period else "",
        label,
        f"{where}@{ident}",
        manifest=uri,
        keys=tuple(keys),
        manifest_bucket=other or bucket,
        identity=label,
    )


def _folder_delivery(bucket: str, folder: str, objs: list[_Object], report: Report) -> _Delivery:
    subfolders: dict[str, list[_Object]] = defaultdict(list)
    for obj in objs:
        rest = obj.key[len(folder) :]
        subfolders[rest.split("/", 1)[0] if "/" in rest else ""].append(obj)
    chosen = _newest(subfolders)
    where = f"s3://{bucket}/{folder.rstrip('/')}"
    if len(subfolders) > 1:
        report(
            f"note: {where} holds {len(subfolders)} deliveries and no manifest; "
            f"taking the newest, {chosen or 'the files in the folder itself'}"
        )
    files = sorted(subfolders[chosen], key=lambda o: o.key)
    digest = hashlib.sha256("\n".join(f"{o.key} {o.etag}" for o in files).encode()).hexdigest()
    label = f"delivery {chosen}" if chosen else f"version {digest[:12]}"
    what = f"billing period {_period_of(folder)[1]}"
    version = f"{where}@{digest[:32]}"
    # No manifest: the folder's listing is the delivery, and any change to it a new one.
    return _Delivery(where, what, label, version, [(bucket, o) for o in files], identity=version)


def _newest(subfolders: dict[str, list[_Object]]) -> str:
    # Timestamped folder names order deliveries exactly; otherwise trust upload times.
    if all(_STAMPED.match(name) for name in subfolders):
        return max(subfolders)
    return max(subfolders, key=lambda n: (max(o.modified for o in subfolders[n]), n))


def _period_of(key: str) -> tuple[str, str]:
    """(period folder, "YYYY-MM") for a key inside a billing-period folder, else ("", "")."""
    for pattern in _PERIOD_FOLDERS:
        match = pattern.match(key)
        if match:
            return match[0], f"{match['y']}-{int(match['m']):02d}"
    return "", ""


def _manifest_period(doc: dict[str, Any]) -> str:
    start = doc.get("billingPeriod", {})
    start = start.get("start", "") if isinstance(start, dict) else ""
    return f"{start[:4]}-{start[4:6]}" if re.match(r"^\d{6}", start) else ""


def _locate(
    s3: _S3, bucket: str, index: dict[str, _Object], delivery: _Delivery, key: str
) -> tuple[str, _Object]:
    """Where a manifest's file is. The listed bucket comes first: replicated CUR buckets keep
    the original bucket's name in their manifests."""
    if key in index:
        return bucket, index[key]
    for candidate in dict.fromkeys((bucket, delivery.manifest_bucket)):
        obj = s3.head(candidate, key)
        if obj:
            return candidate, obj
    raise IngestError(
        delivery.manifest,
        f"lists s3://{bucket}/{key}, which does not exist",
        "The delivery is incomplete or was deleted; retry after AWS finishes writing it",
    )


class _S3:
    """The S3 calls we make, each turning botocore's exceptions into one actionable line."""

    def __init__(self, uri: str, profile: str | None, endpoint_url: str | None) -> None:
        self.profile, self.endpoint_url = profile, endpoint_url
        with self._errors(uri, "s3:ListBucket"):
            try:
                session = boto3.Session(profile_name=profile)
                self.client = session.client("s3", endpoint_url=endpoint_url)
            except ValueError as exc:  # botocore's "Invalid endpoint: ..."
                raise ConfigError(f"{uri}: --endpoint-url {endpoint_url!r} is not a URL") from exc

    def list(self, bucket: str, prefix: str) -> list[_Object]:
        with self._errors(f"s3://{bucket}/{prefix}", f"s3:ListBucket on bucket {bucket}"):
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=bucket, Prefix=prefix
            )
            return [
                _Object(o["Key"], o["Size"], o["ETag"].strip('"'), o["LastModified"])
                for page in pages
                for o in page.get("Contents", [])
            ]

    def head(self, bucket: str, key: str) -> _Object | None:
        uri = f"s3://{bucket}/{key}"
        with self._errors(uri, f"s3:GetObject on {uri}"):
            try:
                got = self.client.head_object(Bucket=bucket, Key=key)
            except ClientError as exc:
                if _code(exc) in ("404", "NoSuchKey", "NotFound"):
                    return None
                raise
        return _Object(key, got["ContentLength"], got["ETag"].strip('"'), got["LastModified"])

    def read_json(self, bucket: str, key: str) -> dict[str, Any]:
        uri = f"s3://{bucket}/{key}"
        with self._errors(uri, f"s3:GetObject on {uri}"):
            body = self.client.get_object(Bucket=bucket, Key=key)["Body"].read()
        try:
            doc = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise IngestError(uri, f"manifest is not valid JSON ({exc})") from exc
        if not isinstance(doc, dict):
            raise IngestError(uri, "manifest is not a JSON object")
        return doc

    def download(self, bucket: str, key: str, path: Path) -> None:
        uri = f"s3://{bucket}/{key}"
        with self._errors(uri, f"s3:GetObject on {uri}"):
            self.client.download_file(bucket, key, str(path))

    @contextlib.contextmanager
    def _errors(self, target: str, permission: str) -> Iterator[None]:
        try:
            yield
        except (ClientError, BotoCoreError) as exc:
            raise _translate(exc, target, permission, self.profile, self.endpoint_url) from exc


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def _translate(
    exc: Exception, target: str, permission: str, profile: str | None, endpoint_url: str | None
) -> FinopsError:
    option = f" --profile {profile}" if profile else ""
    login = f"Run `aws sso login{option}` (or refresh your access keys) and retry"
    if isinstance(exc, NoCredentialsError | PartialCredentialsError):
        return CredentialError(
            f"{target}: no AWS credentials found",
            "Set AWS_PROFILE or pass --profile, or run `aws configure`",
        )
    if isinstance(exc, ProfileNotFound):
        name = exc.kwargs.get("profile", profile)
        return CredentialError(
            f"{target}: AWS profile {name!r} is not defined",
            f"Add it to ~/.aws/config (aws configure --profile {name}) or drop --profile",
        )
    if isinstance(exc, TokenRetrievalError | SSOError):
        return CredentialError(f"{target}: the AWS SSO session has expired", login)
    if isinstance(exc, EndpointConnectionError | ConnectTimeoutError):
        where = endpoint_url or "the S3 endpoint"
        return SourceError(
            f"{target}: cannot reach {where} ({type(exc).__name__})",
            "Check --endpoint-url, the network and any proxy settings",
        )
    if not isinstance(exc, ClientError):
        return SourceError(f"{target}: {exc}")
    code = _code(exc)
    message = exc.response.get("Error", {}).get("Message") or code
    if code in _EXPIRED:
        return CredentialError(f"{target}: AWS credentials expired", login)
    if code in _REJECTED:
        return CredentialError(
            f"{target}: AWS rejected the credentials ({code})",
            "Check AWS_PROFILE or --profile, or run `aws configure`",
        )
    if code in _DENIED:
        return CredentialError(f"{target}: access denied", f"These credentials need {permission}")
    if code == "NoSuchBucket":
        bucket = parse_uri(target)[0]
        return SourceError(
            f"{target}: bucket {bucket!r} does not exist",
            "Check the bucket name (and --endpoint-url, --profile)",
        )
    return SourceError(f"{target}: S3 error {code}: {message}")


def _human(size: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""
