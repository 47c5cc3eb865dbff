"""The agent page at `/` (SPEC §10): one form, and the answer beside the ticket.

Plain HTML rendered on the server from the same answers as the API: the form is a GET (so an
answer has a link and works without JavaScript); the only script is the "Copy for the ticket"
button, which copies the Markdown of `check --format markdown` shown in a read-only text box
(selectable by hand without it). Labels on every field, a visible focus ring, text colours that
pass WCAG AA on white, the verdict in words as well as colour, and a layout that reflows to one
column on a phone.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from html import escape
from urllib.parse import parse_qsl

from .._format import due_in
from .answers import ask, command_line, http_status

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from starlette.requests import Request
    from starlette.responses import Response

    from .app import Service

__all__ = ["MAX_BODY", "SESSION_COOKIE", "agent_page", "login", "login_page"]

#: The agent page's session cookie (HTTP-only, same-site strict), set by signing in.
SESSION_COOKIE = "eol_check_session"

#: The largest request body read (the login form; POST numbering).
MAX_BODY = 1024 * 1024

_FIELDS = ("customer", "product", "version", "severity", "reported_at", "region")

_STYLE = """
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fff}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;margin:.2rem 0 1rem}
form.ask{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.75rem;
 align-items:end;padding:1rem;border:1px solid #767676;border-radius:6px}
label{display:block;font-weight:600;margin-bottom:.2rem}
input,select,button,textarea{font:inherit;width:100%;padding:.45rem;border:1px solid #595959;
 border-radius:4px;background:#fff;color:#1a1a1a}
button{background:#0b5394;color:#fff;border-color:#0b5394;cursor:pointer;font-weight:600}
:focus-visible{outline:3px solid #b35900;outline-offset:2px}
.verdict{font-size:1.2rem;font-weight:700;padding:.6rem .8rem;border-radius:6px;margin:1rem 0}
.yes{background:#e6f4ea;border:2px solid #1e6b33;color:#124d24}
.no{background:#fdecea;border:2px solid #a4262c;color:#7a1c21}
.error{background:#fff4e5;border:2px solid #8a4b00;color:#5c3200;padding:.6rem .8rem;
 border-radius:6px}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #c4c4c4;vertical-align:top}
.breached{color:#a4262c;font-weight:700}
textarea{min-height:10rem;font-family:ui-monospace,monospace;font-size:.85rem}
.hint{color:#4a4a4a;font-size:.9rem}
"""

_SCRIPT = """
document.getElementById('copy').addEventListener('click', function () {
  var box = document.getElementById('ticket'), said = document.getElementById('copied');
  function done(ok) { said.textContent = ok ? 'Copied to the clipboard.' :
    'Could not copy: select the text and copy it.'; }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(box.value).then(function () { done(true); },
      function () { box.select(); done(document.execCommand('copy')); });
  } else { box.select(); done(document.execCommand('copy')); }
});
"""


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )


def _html(text: str, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    from starlette.responses import HTMLResponse

    return HTMLResponse(
        text.encode("utf-8", "backslashreplace"),
        status_code=status,
        headers={
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
            "script-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            **(headers or {}),
        },
    )


def login_page(request: Request, *, status: int = 200, failed: bool = False) -> Response:
    """The token form shown when tokens are in force and the browser has no session."""
    said = '<p class="error" role="alert">That token is not valid.</p>' if failed else ""
    body = (
        "<h1>Support desk: sign in</h1>"
        + said
        + '<form method="post" action="/login" class="ask"><div>'
        '<label for="token">Your token</label>'
        '<input id="token" name="token" type="password" autocomplete="current-password" '
        'required></div><div><button type="submit">Sign in</button></div></form>'
        '<p class="hint">Ask the service\'s administrator for a token '
        "(<code>eol-check tokens add NAME</code>).</p>"
    )
    return _html(_page("Sign in: support desk", body), status)


async def login(request: Request, service: Service) -> Response:
    """POST /login: a valid token sets an HTTP-only, same-site session cookie."""
    from starlette.responses import RedirectResponse

    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY:
            return login_page(request, status=400, failed=True)
    fields = dict(parse_qsl(raw.decode("utf-8", "replace")))
    session = service.login(fields.get("token", ""))
    if session is None:
        return login_page(request, status=401, failed=True)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        session,
        httponly=True,
        samesite="strict",
        path="/",
        secure=request.url.scheme == "https",
    )
    return response


def agent_page(request: Request, service: Service, token: str | None) -> Response:
    """GET /: the form, and the answer when the form was sent."""
    params = {k: v.strip() for k, v in request.query_params.items() if k in _FIELDS}
    data = service.current()
    asked = bool(params.get("product") or params.get("version"))
    answer_html, status = "", 200
    if asked:
        answer_html, status = _answer(request, service, token, params)
    customers = service.store.customers()
    products = [(p.id, p.name) for p in data.catalog.products]
    severities = [(s.value, data.policy.targets(s).name) for s in _severities()]
    body = (
        "<h1>Support desk: is this customer entitled?</h1>"
        + _form(params, customers, products, severities)
        + answer_html
    )
    return _html(_page("Support desk: entitlement", body), status)


def _severities() -> list[Any]:
    from ..policy import Severity

    return list(Severity)


def _form(
    params: dict[str, str],
    customers: list[str],
    products: list[tuple[str, str]],
    severities: list[tuple[str, str]],
) -> str:
    def field(name: str, label: str, extra: str = "", hint: str = "") -> str:
        value = escape(params.get(name, ""), quote=True)
        described = f' aria-describedby="{name}-hint"' if hint else ""
        hint_html = f'<span id="{name}-hint" class="hint">{escape(hint)}</span>' if hint else ""
        return (
            f'<div><label for="{name}">{escape(label)}</label>'
            f'<input id="{name}" name="{name}" value="{value}"{extra}{described}>{hint_html}</div>'
        )

    chosen = params.get("severity", "S2").upper()
    options = "".join(
        f'<option value="{escape(v)}"{" selected" if v == chosen else ""}>'
        f"{escape(v)} ({escape(n)})</option>"
        for v, n in severities
    )
    customer_list = "".join(f'<option value="{escape(c, quote=True)}">' for c in customers[:5000])
    product_list = "".join(
        f'<option value="{escape(i, quote=True)}">{escape(n)}</option>' for i, n in products
    )
    return (
        '<form method="get" action="/" class="ask" role="search" aria-label="Entitlement check">'
        + field(
            "customer",
            "Customer",
            ' list="customers" autocomplete="off"',
            "optional: answers with the contract",
        )
        + f'<datalist id="customers">{customer_list}</datalist>'
        + field("product", "Product", ' list="products" required autocomplete="off"')
        + f'<datalist id="products">{product_list}</datalist>'
        + field("version", "Installed version", " required", "e.g. 4.2.1")
        + f'<div><label for="severity">Severity</label><select id="severity" name="severity">'
        f"{options}</select></div>"
        + field(
            "reported_at", "Reported at", ' autocomplete="off"', "ISO 8601 with offset; blank: now"
        )
        + '<div><button type="submit">Check</button></div></form>'
    )


def _answer(
    request: Request, service: Service, token: str | None, params: dict[str, str]
) -> tuple[str, int]:
    """The answer block, audited as the API's check is; and the page's HTTP status."""
    # One moment for the whole answer, so that the JSON shown and the Markdown for the ticket
    # are the same question; a blank "reported at" is now, on today's date (the CLI's default).
    clock = datetime.now(timezone.utc).replace(microsecond=0)
    options: dict[str, str | bool | None] = {
        "severity": params.get("severity") or "S2",
        "reported-at": params.get("reported_at") or clock.isoformat(),
        "date": None if params.get("reported_at") else clock.date().isoformat(),
        "now": clock.isoformat(),
        "region": params.get("region") or None,
    }
    if params.get("customer"):
        options["customer"] = params["customer"]
        options["customers"] = service.store.url
    positionals = [params.get("product", ""), params.get("version", "")]
    data = service.current()
    answer = ask(
        command_line("check", positionals, {**options, "format": "json"}),
        data.catalog,
        data.policy,
        lifecycle=data.statuses,
    )
    if answer.error is not None:
        status = http_status(answer.error)
        body = (
            json.dumps({"error": answer.message, "status": status}, ensure_ascii=False) + "\n"
        ).encode("utf-8", "backslashreplace")
    else:
        status, body = 200, answer.body
    question = {k: v for k, v in params.items() if v}
    client = request.client.host if request.client else None
    service.audit(
        status,
        body,
        data,
        token=token,
        address=client,
        customer=params.get("customer") or None,
        question=question,
    )
    if answer.error is not None:
        return f'<p class="error" role="alert">{escape(answer.message)}</p>', status
    markdown = ask(
        command_line("check", positionals, {**options, "format": "markdown"}),
        data.catalog,
        data.policy,
        lifecycle=data.statuses,
    )
    return _render(json.loads(answer.output), markdown.output, clock), 200


def _render(doc: dict[str, Any], markdown: str, clock: datetime) -> str:
    entitled = doc["entitled"]
    verdict = f"ENTITLED ({doc['scope']})" if entitled else "NOT ENTITLED"
    parts = [
        f'<section aria-labelledby="verdict"><p id="verdict" class="verdict '
        f'{"yes" if entitled else "no"}" role="status">{escape(verdict)}: '
        f"{escape(doc['product_name'])} {escape(doc['version'])}, {escape(doc['severity'])}, "
        f"on {escape(doc['date'])}</p>",
        f'<p class="hint">Answered at <time id="answered" datetime="{clock.isoformat()}">'
        f"{clock:%Y-%m-%d %H:%M:%S} UTC</time>; time left counts from then.</p>",
    ]
    customer = doc.get("customer")
    if customer:
        contract = customer.get("contract")
        shown = (
            "no contract for this product"
            if contract is None
            else (
                f"contract {contract['start'] or 'since ever'} to "
                f"{contract['end'] or 'open-ended'}, "
                f"{'in force' if contract['in_force'] else 'NOT in force'}, "
                f"{'NOT paid up' if contract['paid_up'] is False else 'paid up'}"
            )
        )
        parts.append(
            f"<p>Customer <strong>{escape(str(customer['id']))}</strong>: {escape(shown)}</p>"
        )
    sla = doc.get("sla")
    if sla:
        due = sla.get("due_in_minutes") or {}
        rows = [
            ("First response", sla.get("response_due"), due.get("response")),
            ("Next update", sla.get("next_update_due"), due.get("next_update")),
            (
                "Workaround" + ("" if sla.get("workaround_guaranteed") else " (a target)"),
                sla.get("workaround_due"),
                due.get("workaround"),
            ),
        ]
        cells = []
        for label, when, left in rows:
            left_text = "-" if left is None else due_in(int(left))
            css = ' class="breached"' if left is not None and left < 0 else ""
            cells.append(
                f'<tr><th scope="row">{escape(label)}</th>'
                f"<td>{escape(when or '-')}</td><td{css}>{escape(left_text)}</td></tr>"
            )
        parts.append(
            f"<h2>Deadlines ({escape(sla['clock'])} clock, {escape(sla['region_name'])}, "
            f'{escape(sla["zone"])})</h2><div class="scroll"><table><thead><tr>'
            '<th scope="col">What</th><th scope="col">Due</th><th scope="col">Time left'
            f"</th></tr></thead><tbody>{''.join(cells)}</tbody></table></div>"
        )
        if sla.get("hotline"):
            parts.append(f"<p>Hotline: {escape(sla['hotline'])}</p>")
    else:
        parts.append("<p>No SLA: not entitled, so no response times apply.</p>")
    path = doc.get("upgrade_path")
    upgrade = (
        "already on the latest release"
        if path == []
        else "no upgrade path"
        if path is None
        else " → ".join([doc["version"], *path])
    )
    parts.append(
        f"<h2>Lifecycle: {escape(doc['line'] or '-')} is {escape(doc['status'])}</h2>"
        f"<p>Support until {escape(doc['support_until'] or '-')}; upgrade until "
        f"{escape(doc['upgrade_until'] or '-')}.</p>"
        f"<p>Upgrade path: <strong>{escape(upgrade)}</strong></p>"
    )
    reasons = "".join(
        f"<li><strong>{escape(r['section'])}</strong> {escape(r['text'])}</li>"
        for r in doc.get("reasons", [])
    )
    parts.append(f"<h2>Why</h2><ul>{reasons}</ul>")
    parts.append(
        '<h2 id="ticket-label">For the ticket (Markdown)</h2>'
        f'<textarea id="ticket" readonly aria-labelledby="ticket-label">{escape(markdown)}'
        '</textarea><p><button type="button" id="copy" style="width:auto">Copy for the ticket'
        '</button> <span id="copied" role="status" aria-live="polite"></span></p>'
        f"<script>{_SCRIPT}</script></section>"
    )
    return "".join(parts)
