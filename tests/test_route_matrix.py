"""Every route × every role: what each kind of caller gets from every page, API call and socket
event, in each state a request can be in. The table below is the rule; the app's url_map and
the socket handlers are checked against it, so a route added without rows fails
(test_every_route_has_rows), and so does a row for a route that is gone.

How to read a cell:
  200, 201, 404, ...  the HTTP status (for 302: a redirect that is not the login page)
  login               302 to the login page (/inloggen?next=...)
  ok                  socket: connected, or the ack says {"ok": true}
  refused             socket: the connection is refused (so no event can be sent)
  not_found, ...      socket: the ack's error code
  -                   the role does not exist in this state (no client code is ever made for a draft)

The columns (tests/route_matrix_world.py builds them):
  anon     no session, no token
  cons     consultant of Lelystad, the gemeente of every request here
  cons2    consultant of Dronten
  elig     provider approved by Lelystad for the category, without an offer
  icat     provider approved by Lelystad, but only for another category
  igem     provider approved for the category, but only by Dronten
  unapp    provider registered, approved for nothing
  client   client token of this request (its page session, API and socket alike)
  client2  client token of another request of Lelystad
  winner   provider with an offer on the open, closed and awarded request; won the awarded one
  loser    provider with an offer on the same requests; lost the awarded one
  susp     provider with an offer on the same requests, then suspended by Lelystad for the
           category: it still sees them and may withdraw, but may not bid

The state column names the request a route with <int:request_id> is asked about; for a route
without one it is "-" (or, for the client's pages, which request the client's token opens).
Every probe sends a body the allowed caller's call would succeed with where it can (a bid below
the others, a cancel with a reason), so a status other than 404 shows the caller got past the
gate. The database is put back after every probe that may change something.

Besides its status, every answer is checked for what its role must never see (another
provider's name; the client's data outside the gemeente and, after award, the winner; the BSN
for anyone but the gemeente) and for the security headers every answer carries (issue 17,
points 1 and 10). The matrix is about access, not storage: it runs on SQLite only.
"""
import json
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from marketplace.auction import transactions
from marketplace.extensions import socketio
from marketplace.privacy import detection
from marketplace.ui.formatting import local_input

from .conftest import Clock, request_payload
from .route_matrix_world import CLIENT_ROLES, PASSWORD, STATES, USERS, World, bid_body, make_world

NS = "/auction"
COLUMNS = {"anon": "anonymous", "cons": "consultant", "cons2": "consultant_other", "elig": "eligible",
           "icat": "inel_category", "igem": "inel_gemeente", "unapp": "unapproved", "client": "client",
           "client2": "client_other", "winner": "winner", "loser": "loser",
           "susp": "suspended"}
SOCKET_EVENTS_NOT_CALLED = {"disconnect"}  # not something a caller asks for
REQUEST_EVENTS = {("SOCKET", "join"), ("SOCKET", "bid")}  # about one request: a row per state

MATRIX = """
method  route                                                         state    anon   cons  cons2  elig  icat  igem  unapp  client  client2  winner  loser  susp

# --- public pages and helpers ---------------------------------------------------------------------------------------------------------------------------------
GET     /                                                             -        200    302   302    302   302   302   302    200     200      302     302    302
GET     /favicon.ico                                                  -        301    301   301    301   301   301   301    301     301      301     301    301
GET     /healthz                                                      -        200    200   200    200   200   200   200    200     200      200     200    200
GET     /static/<path:filename>                                       -        200    200   200    200   200   200   200    200     200      200     200    200
POST    /taal                                                         -        302    302   302    302   302   302   302    302     302      302     302    302
GET     /inbox                                                        -        login  200   200    200   200   200   200    login   login    200     200    200

# --- accounts: login (an unknown account), logout, registration (an empty form; a link with a bad token) ------------------------------------------------------
GET     /inloggen                                                     -        200    302   302    302   302   302   302    200     200      302     302    302
POST    /inloggen                                                     -        200    302   302    302   302   302   302    200     200      302     302    302
POST    /uitloggen                                                    -        login  302   302    302   302   302   302    login   login    302     302    302
GET     /registreren                                                  -        200    200   200    200   200   200   200    200     200      200     200    200
GET     /registreren/verstuurd                                        -        200    200   200    200   200   200   200    200     200      200     200    200
GET     /registreren/bevestigen/<token>                               -        400    400   400    400   400   400   400    400     400      400     400    400
POST    /registreren/bevestigen/<token>                               -        400    400   400    400   400   400   400    400     400      400     400    400
POST    /registreren                                                  -        200    200   200    200   200   200   200    200     200      200     200    200

# --- the provider's pages (bid: € 900,00; withdraw: confirmed) ------------------------------------------------------------------------------------------------
GET     /aanbieder/aanvragen                                          -        login  404   404    200   200   200   200    login   login    200     200    200
GET     /aanbieder/status                                             -        login  404   404    200   200   200   200    login   login    200     200    200
POST    /aanbieder/status/aanmelden/<int:gemeente_id>                 -        login  404   404    422   422   422   422    login   login    422     422    422
GET     /aanbieder/aanvragen/<int:request_id>                         draft    login  404   404    404   404   404   404    -       login    404     404    404
GET     /aanbieder/aanvragen/<int:request_id>                         open     login  404   404    200   404   404   404    login   login    200     200    200
GET     /aanbieder/aanvragen/<int:request_id>                         closed   login  404   404    200   404   404   404    login   login    200     200    200
GET     /aanbieder/aanvragen/<int:request_id>                         awarded  login  404   404    200   404   404   404    login   login    200     200    200
POST    /aanbieder/aanvragen/<int:request_id>                         draft    login  404   404    404   404   404   404    -       login    404     404    404
POST    /aanbieder/aanvragen/<int:request_id>                         open     login  404   404    302   404   404   404    login   login    302     302    409
POST    /aanbieder/aanvragen/<int:request_id>                         closed   login  404   404    409   404   404   404    login   login    409     409    409
POST    /aanbieder/aanvragen/<int:request_id>                         awarded  login  404   404    409   404   404   404    login   login    409     409    409
POST    /aanbieder/aanvragen/<int:request_id>/intrekken               draft    login  404   404    404   404   404   404    -       login    404     404    404
POST    /aanbieder/aanvragen/<int:request_id>/intrekken               open     login  404   404    409   404   404   404    login   login    302     302    302
POST    /aanbieder/aanvragen/<int:request_id>/intrekken               closed   login  404   404    409   404   404   404    login   login    409     409    409
POST    /aanbieder/aanvragen/<int:request_id>/intrekken               awarded  login  404   404    409   404   404   404    login   login    409     409    409

# --- the client's pages (a wrong code; choose: the loser's offer) ---------------------------------------------------------------------------------------------
GET     /client/                                                      -        200    200   200    200   200   200   200    200     200      200     200    200
POST    /client/                                                      -        422    422   422    422   422   422   422    422     422      422     422    422
POST    /client/stoppen                                               -        302    302   302    302   302   302   302    302     302      302     302    302
GET     /client/aanbiedingen                                          open     302    302   302    302   302   302   302    200     200      302     302    302
GET     /client/aanbiedingen                                          closed   302    302   302    302   302   302   302    200     200      302     302    302
GET     /client/aanbiedingen                                          awarded  302    302   302    302   302   302   302    200     200      302     302    302
GET     /client/gekozen                                               open     302    302   302    302   302   302   302    302     302      302     302    302
GET     /client/gekozen                                               closed   302    302   302    302   302   302   302    302     302      302     302    302
GET     /client/gekozen                                               awarded  302    302   302    302   302   302   302    200     302      302     302    302
POST    /client/kies                                                  open     302    302   302    302   302   302   302    302     302      302     302    302
POST    /client/kies                                                  closed   302    302   302    302   302   302   302    302     302      302     302    302
POST    /client/kies                                                  awarded  302    302   302    302   302   302   302    302     302      302     302    302

# --- the consultant's pages (new: an empty form; decision: an empty form) -------------------------------------------------------------------------------------
GET     /consulent/aanvragen                                          -        login  200   200    404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/nieuw                                    -        login  200   200    404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/nieuw                                    -        login  422   422    404   404   404   404    login   login    404     404    404
GET     /consulent/aanbieders                                         -        login  200   200    404   404   404   404    login   login    404     404    404
GET     /consulent/aanbieders/<int:org_id>                            -        login  200   404    404   404   404   404    login   login    404     404    404
POST    /consulent/aanbieders/toelating/<int:approval_id>             -        login  422   404    404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>                         draft    login  200   404    404   404   404   404    -       login    404     404    404
GET     /consulent/aanvragen/<int:request_id>                         open     login  200   404    404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>                         closed   login  200   404    404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>                         awarded  login  200   404    404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/publiceren              draft    login  302   404    404   404   404   404    -       login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/publiceren              open     login  302   404    404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/publiceren              closed   login  302   404    404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/publiceren              awarded  login  302   404    404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/omschrijving            draft    login  302   404    404   404   404   404    -       login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/omschrijving            open     login  302   404    404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/omschrijving            closed   login  302   404    404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/omschrijving            awarded  login  302   404    404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/annuleren               draft    login  302   404    404   404   404   404    -       login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/annuleren               open     login  302   404    404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/annuleren               closed   login  302   404    404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/annuleren               awarded  login  302   404    404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/heropenen               draft    login  302   404    404   404   404   404    -       login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/heropenen               open     login  302   404    404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/heropenen               closed   login  302   404    404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/heropenen               awarded  login  302   404    404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/clientcode              draft    login  302   404    404   404   404   404    -       login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/clientcode              open     login  200   404    404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/clientcode              closed   login  200   404    404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/clientcode              awarded  login  302   404    404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/keuze                   draft    login  302   404    404   404   404   404    -       login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/keuze                   open     login  302   404    404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/keuze                   closed   login  302   404    404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/keuze                   awarded  login  302   404    404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/gunnen                  draft    login  302   404    404   404   404   404    -       login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/gunnen                  open     login  302   404    404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/gunnen                  closed   login  302   404    404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/gunnen                  awarded  login  302   404    404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/clientgegevens          draft    login  200   404    404   404   404   404    -       login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/clientgegevens          open     login  200   404    404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/clientgegevens          closed   login  200   404    404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/clientgegevens          awarded  login  200   404    404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/clientgegevens/logboek  draft    login  200   404    404   404   404   404    -       login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/clientgegevens/logboek  open     login  200   404    404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/clientgegevens/logboek  closed   login  200   404    404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/clientgegevens/logboek  awarded  login  200   404    404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/inzage                  draft    login  200   404    404   404   404   404    -       login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/inzage                  open     login  200   404    404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/inzage                  closed   login  200   404    404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/inzage                  awarded  login  200   404    404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/inzage.json             draft    login  200   404    404   404   404   404    -       login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/inzage.json             open     login  200   404    404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/inzage.json             closed   login  200   404    404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/inzage.json             awarded  login  200   404    404   404   404   404    login   login    404     404    404

# --- the API: tokens (users: their own password; anon and clients: an unknown account) ------------------------------------------------------------------------
GET     /api/v1/openapi.json                                          -        200    200   200    200   200   200   200    200     200      200     200    200
POST    /api/v1/tokens                                                -        401    201   201    201   201   201   201    401     401      201     201    201
DELETE  /api/v1/tokens/current                                        -        401    200   200    200   200   200   200    200     200      200     200    200
GET     /api/v1/requests                                              -        401    200   200    200   200   200   200    200     200      200     200    200
POST    /api/v1/requests                                              -        401    201   201    403   403   403   403    403     403      403     403    403

# --- the API on one request -----------------------------------------------------------------------------------------------------------------------------------
GET     /api/v1/requests/<int:request_id>                             draft    401    200   404    404   404   404   404    -       404      404     404    404
GET     /api/v1/requests/<int:request_id>                             open     401    200   404    200   404   404   404    200     404      200     200    200
GET     /api/v1/requests/<int:request_id>                             closed   401    200   404    200   404   404   404    200     404      200     200    200
GET     /api/v1/requests/<int:request_id>                             awarded  401    200   404    200   404   404   404    200     404      200     200    200
PATCH   /api/v1/requests/<int:request_id>                             draft    401    200   404    404   404   404   404    -       404      404     404    404
PATCH   /api/v1/requests/<int:request_id>                             open     401    409   404    404   404   404   404    404     404      404     404    404
PATCH   /api/v1/requests/<int:request_id>                             closed   401    409   404    404   404   404   404    404     404      404     404    404
PATCH   /api/v1/requests/<int:request_id>                             awarded  401    409   404    404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/publish                     draft    401    200   404    404   404   404   404    -       404      404     404    404
POST    /api/v1/requests/<int:request_id>/publish                     open     401    409   404    404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/publish                     closed   401    409   404    404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/publish                     awarded  401    409   404    404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/cancel                      draft    401    200   404    404   404   404   404    -       404      404     404    404
POST    /api/v1/requests/<int:request_id>/cancel                      open     401    200   404    404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/cancel                      closed   401    200   404    404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/cancel                      awarded  401    409   404    404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/reopen                      draft    401    409   404    404   404   404   404    -       404      404     404    404
POST    /api/v1/requests/<int:request_id>/reopen                      open     401    409   404    404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/reopen                      closed   401    409   404    404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/reopen                      awarded  401    409   404    404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/bids                        draft    401    403   404    404   404   404   404    -       404      404     404    404
POST    /api/v1/requests/<int:request_id>/bids                        open     401    403   404    201   404   404   404    404     404      201     201    404
POST    /api/v1/requests/<int:request_id>/bids                        closed   401    403   404    409   404   404   404    404     404      409     409    404
POST    /api/v1/requests/<int:request_id>/bids                        awarded  401    403   404    409   404   404   404    404     404      409     409    404
DELETE  /api/v1/requests/<int:request_id>/bids/mine                   draft    401    403   404    404   404   404   404    -       404      404     404    404
DELETE  /api/v1/requests/<int:request_id>/bids/mine                   open     401    403   404    404   404   404   404    404     404      200     200    200
DELETE  /api/v1/requests/<int:request_id>/bids/mine                   closed   401    403   404    409   404   404   404    404     404      409     409    409
DELETE  /api/v1/requests/<int:request_id>/bids/mine                   awarded  401    403   404    409   404   404   404    404     404      409     409    409
POST    /api/v1/requests/<int:request_id>/client-code                 draft    401    409   404    404   404   404   404    -       404      404     404    404
POST    /api/v1/requests/<int:request_id>/client-code                 open     401    201   404    404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/client-code                 closed   401    201   404    404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/client-code                 awarded  401    409   404    404   404   404   404    404     404      404     404    404
GET     /api/v1/requests/<int:request_id>/offers                      draft    401    409   404    404   404   404   404    -       404      404     404    404
GET     /api/v1/requests/<int:request_id>/offers                      open     401    409   404    404   404   404   404    409     404      404     404    404
GET     /api/v1/requests/<int:request_id>/offers                      closed   401    200   404    404   404   404   404    200     404      404     404    404
GET     /api/v1/requests/<int:request_id>/offers                      awarded  401    200   404    404   404   404   404    200     404      404     404    404
POST    /api/v1/requests/<int:request_id>/choice                      draft    401    409   404    404   404   404   404    -       404      404     404    404
POST    /api/v1/requests/<int:request_id>/choice                      open     401    409   404    404   404   404   404    409     404      404     404    404
POST    /api/v1/requests/<int:request_id>/choice                      closed   401    200   404    404   404   404   404    200     404      404     404    404
POST    /api/v1/requests/<int:request_id>/choice                      awarded  401    409   404    404   404   404   404    409     404      404     404    404
POST    /api/v1/requests/<int:request_id>/award                       draft    401    409   404    404   404   404   404    -       404      404     404    404
POST    /api/v1/requests/<int:request_id>/award                       open     401    409   404    404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/award                       closed   401    409   404    404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/award                       awarded  401    409   404    404   404   404   404    404     404      404     404    404
GET     /api/v1/requests/<int:request_id>/award                       draft    401    409   404    404   404   404   404    -       404      404     404    404
GET     /api/v1/requests/<int:request_id>/award                       open     401    409   404    404   404   404   404    404     404      404     404    404
GET     /api/v1/requests/<int:request_id>/award                       closed   401    409   404    404   404   404   404    404     404      404     404    404
GET     /api/v1/requests/<int:request_id>/award                       awarded  401    200   404    404   404   404   404    404     404      200     404    404
"""

# Socket.IO on /auction: a cell is the connection (ok, refused) or the ack (ok, or its error
# code). join and bid are about one request (bid: 900 euro); * is any event the namespace lacks.
SOCKET_MATRIX = """
method  route    state    anon     cons       cons2      elig           icat       igem       unapp      client     client2    winner         loser          susp
SOCKET  connect  -        refused  ok         ok         ok             ok         ok         ok         ok         ok         ok             ok             ok
SOCKET  *        -        refused  not_found  not_found  not_found      not_found  not_found  not_found  not_found  not_found  not_found      not_found      not_found
SOCKET  join     draft    refused  ok         not_found  not_found      not_found  not_found  not_found  -          not_found  not_found      not_found      not_found
SOCKET  join     open     refused  ok         not_found  ok             not_found  not_found  not_found  ok         not_found  ok             ok             ok
SOCKET  join     closed   refused  ok         not_found  ok             not_found  not_found  not_found  ok         not_found  ok             ok             ok
SOCKET  join     awarded  refused  ok         not_found  ok             not_found  not_found  not_found  ok         not_found  ok             ok             ok
SOCKET  bid      draft    refused  forbidden  not_found  not_found      not_found  not_found  not_found  -          not_found  not_found      not_found      not_found
SOCKET  bid      open     refused  forbidden  not_found  ok             not_found  not_found  not_found  not_found  not_found  ok             ok             not_found
SOCKET  bid      closed   refused  forbidden  not_found  window_closed  not_found  not_found  not_found  not_found  not_found  window_closed  window_closed  not_found
SOCKET  bid      awarded  refused  forbidden  not_found  window_closed  not_found  not_found  not_found  not_found  not_found  window_closed  window_closed  not_found
"""


def parse_matrix(text: str) -> dict[tuple[str, str, str], dict[str, str]]:
    rows, header = {}, None
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        words = line.split()
        if header is None:
            header = words
            assert header[:3] == ["method", "route", "state"] and header[3:] == list(COLUMNS), header
            continue
        assert len(words) == len(header), f"matrix line {number}: {len(words)} columns, expected {len(header)}"
        method, route, state, *cells = words
        assert state == "-" or state in STATES, f"matrix line {number}: unknown state {state}"
        key = (method, route, state)
        assert key not in rows, f"matrix line {number}: {key} twice"
        rows[key] = {COLUMNS[column]: cell for column, cell in zip(header[3:], cells)}
    return rows


ROWS = parse_matrix(MATRIX) | parse_matrix(SOCKET_MATRIX)
CELLS = [pytest.param(method, route, state, role, expected, id=f"{method} {route} [{state}] {role}")
         for (method, route, state), cells in ROWS.items()
         for role, expected in cells.items() if expected != "-"]


@pytest.fixture(scope="module")
def matrix_world(template_db, tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        clock = Clock()
        patch.setattr(transactions, "clock", clock)
        # Who may publish is the question here, not what the text holds: the exact patterns
        # only, so the matrix never waits for the name model to load.
        patch.setattr(detection, "scanner", lambda app=None: detection.patterns_only)
        built = make_world(template_db, tmp_path_factory.mktemp("route_matrix"), clock)
        yield built
        built.release()


# --- the table against the app ------------------------------------------------------------

def app_routes(app) -> set[tuple[str, str]]:
    return {(method, rule.rule) for rule in app.url_map.iter_rules()
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def socket_events() -> set[tuple[str, str]]:
    return {("SOCKET", event) for event, _handler, namespace in socketio.handlers
            if namespace == NS and event not in SOCKET_EVENTS_NOT_CALLED}


def test_every_route_has_rows(matrix_world):
    """A route or socket event without rows, or a request route missing a state, fails here:
    whoever adds a route decides, in the table, what every role gets from it."""
    known = app_routes(matrix_world.app) | socket_events()
    in_table = {(method, route) for method, route, _state in ROWS}
    assert sorted(known - in_table) == [], "routes without a row in MATRIX"
    assert sorted(in_table - known) == [], "rows in MATRIX for routes that no longer exist"
    for method, route in sorted(known):
        states = {state for m, r, state in ROWS if (m, r) == (method, route)}
        if "<int:request_id>" in route or (method, route) in REQUEST_EVENTS:
            assert states == set(STATES), f"{method} {route}: rows for {sorted(states)}, need {STATES}"


# --- probes: what each route is asked -----------------------------------------------------

def concrete_path(world: World, route: str, state: str) -> str:
    values = {"request_id": world.ids.get(state), "org_id": world.org_ids["eligible"],
              "approval_id": world.approval_id, "gemeente_id": world.gemeente_id, "filename": "favicon.svg",
              "token": "ongeldig"}

    def fill(match):
        value = values[match.group(1)]
        assert value is not None, f"{route}: no value for {match.group(1)} in state {state}"
        return str(value)
    return re.sub(r"<(?:\w+:)?(\w+)>", fill, route)


def some_bid(world: World, state: str, role: str = "loser") -> int:
    """An offer on this request (a draft has none: the open request's, refused on state first)."""
    return world.bids.get((state, role)) or world.bids[("open", role)]


def window(world: World) -> dict:
    now = world.clock.now
    return {"opens_at": now, "closes_at": now + timedelta(hours=2)}


def api_body(world: World, method: str, route: str, state: str, role: str) -> dict | None:
    """A body the allowed caller's call would succeed with (where any state allows it)."""
    if route == "/api/v1/tokens":
        email = USERS.get(role)
        return ({"email": email, "password": PASSWORD} if email
                else {"email": "niemand@zorg.example", "password": "niet-het-wachtwoord"})
    if route == "/api/v1/requests" and method == "POST":
        return request_payload(world.clock.now)
    tail = route.removeprefix("/api/v1/requests/<int:request_id>")
    bodies = {
        ("PATCH", ""): lambda: {"description": "Hulp bij administratie, dagstructuur en post."},
        ("POST", "/cancel"): lambda: {"reason": "De cliënt is verhuisd."},
        ("POST", "/reopen"): lambda: {key: value.isoformat() for key, value in window(world).items()},
        ("POST", "/bids"): lambda: bid_body(90000),
        ("POST", "/choice"): lambda: {"bid_id": some_bid(world, state), "on_behalf_of_client": True},
        ("POST", "/award"): lambda: {"bid_id": some_bid(world, state, "winner"),
                                     "motivation": "Vaste begeleider dicht bij huis"},
    }
    make = bodies.get((method, tail))
    return make() if make else None


def form_data(world: World, method: str, route: str, state: str) -> dict:
    tail = route.rsplit("/", 1)[-1]
    if route == "/inloggen":
        return {"email": "niemand@zorg.example", "password": "niet-het-wachtwoord"}
    if route == "/taal":
        return {"taal": "en", "next": "/"}
    if route == "/client/":
        return {"code": "AAAA-BBBB"}
    if route == "/client/kies":
        return {"bid_id": str(some_bid(world, state))}
    if route == "/aanbieder/aanvragen/<int:request_id>":
        return {"price": "900,00", "start_date": "2027-02-01", "approach": "Plan van aanpak"}
    forms = {
        "intrekken": {"withdraw-confirm": "y"},
        "omschrijving": {"description": "Hulp bij administratie, dagstructuur en post."},
        "annuleren": {"reason": "De cliënt is verhuisd."},
        "heropenen": {key: local_input(value) for key, value in window(world).items()},
        "keuze": {"bid_id": str(some_bid(world, state))},
        "gunnen": {"bid_id": str(some_bid(world, state, "winner")),
                   "motivation": "Vaste begeleider dicht bij huis"},
    }
    return forms.get(tail, {})


def http_probe(world: World, method: str, route: str, state: str, role: str):
    path = concrete_path(world, route, state)
    if route.startswith("/api/"):
        client = world.app.test_client()
        token = world.token(role, state) if role != "anonymous" else None
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        body = api_body(world, method, route, state, role)
        kwargs = {"json": body} if body is not None else {}
        return client.open(path, method=method, headers=headers, **kwargs)
    browser = world.page_browser(role, state)
    data = form_data(world, method, route, state) if method == "POST" else None
    return browser.open(path, method=method, data=data)


def socket_probe(world: World, event: str, state: str, role: str) -> tuple[str, str]:
    token = world.token(role, state) if role != "anonymous" else None
    auth = {"token": token} if token else None
    client = socketio.test_client(world.app, namespace=NS, auth=auth)
    try:
        if not client.is_connected(NS):
            return "refused", ""
        if event == "connect":
            return "ok", ""
        payload = {"request_id": world.ids[state if state in STATES else "open"]}
        if event == "*":  # the catch-all: any event the namespace does not have
            event = "bestaat_niet"
        if event == "bid":
            payload.update(bid_body(90000))
        ack = client.emit(event, payload, namespace=NS, callback=True)
        text = json.dumps(ack, ensure_ascii=False)
        if not isinstance(ack, dict):
            return f"no ack ({ack!r})", text
        return ("ok" if ack.get("ok") is True else ack.get("error", {}).get("code", repr(ack))), text
    finally:
        if client.is_connected(NS):
            client.disconnect(NS)


def describe(resp) -> str:
    location = resp.headers.get("Location")
    if resp.status_code == 302 and is_login(location):
        return "login"
    detail = f" → {location}" if location else ""
    if resp.is_json and isinstance(resp.get_json(), dict) and "error" in resp.get_json():
        detail += f" ({resp.get_json()['error'].get('code')})"
    return f"{resp.status_code}{detail}"


def is_login(location: str | None) -> bool:
    if not location:
        return False
    parts = urlsplit(location)
    return parts.path == "/inloggen" and "next=" in parts.query


# --- the matrix ---------------------------------------------------------------------------

@pytest.mark.parametrize("method, route, state, role, expected", CELLS)
def test_route_role(matrix_world, method, route, state, role, expected):
    # A refusal changes nothing (the domain rolls back), so only an accepted call that may
    # have written is undone: the next probe sees the same world whatever ran before it.
    accepted = False
    try:
        if method == "SOCKET":
            got, text = socket_probe(matrix_world, route, state, role)
            accepted = got == "ok" and route not in ("connect", "join")
        else:
            resp = http_probe(matrix_world, method, route, state, role)
            accepted = method != "GET" and resp.status_code < 400
            got, text = describe(resp), resp.get_data(as_text=True)
            if expected.isdigit() and resp.status_code == int(expected) and got != "login":
                got = expected
    finally:
        if accepted:
            matrix_world.restore()
    assert got == expected, f"{method} {route} [{state}] as {role}: expected {expected}, got {got}"
    leaked = [secret for secret in secrets_for(role, state) if secret in text]
    assert leaked == [], f"{method} {route} [{state}] as {role}: the answer shows {leaked}"
    if method != "SOCKET":
        missing = header_problems(resp, text)
        assert missing == [], f"{method} {route} [{state}] as {role}: {missing}"


def header_problems(resp, text: str) -> list[str]:
    """Issue 17, point 10: the security headers on every answer, and no-store wherever the
    client's data is shown."""
    problems = []
    if resp.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if not resp.headers.get("Referrer-Policy"):
        problems.append("no Referrer-Policy")
    policy = {name: value for name, _, value in (part.strip().partition(" ")
              for part in resp.headers.get("Content-Security-Policy", "").split(";")) if name}
    if "'none'" not in policy.get("frame-ancestors", ""):
        problems.append("no CSP frame-ancestors 'none'")
    scripts = policy.get("script-src", policy.get("default-src"))
    if scripts is None or "'unsafe-inline'" in scripts:
        problems.append(f"CSP scripts not limited: {scripts!r}")
    if any(secret in text for secret in CLIENT_CONTACT | {BSN}) and \
            "no-store" not in resp.headers.get("Cache-Control", ""):
        problems.append("client data without Cache-Control: no-store")
    return problems


# What a role must never be shown, whatever the status: no provider sees another provider's
# name, and the client's data reaches only the gemeente and, after award, the winner (never the BSN).
ORG_NAMES = {"eligible": "Zorg Drie", "inel_category": "Zorg Zes", "inel_gemeente": "Zorg Zeven",
             "unapproved": "Zorg Vijf", "winner": "Zorg Een", "loser": "Zorg Twee", "suspended": "Zorg Vier"}
ALL_ORG_NAMES = set(ORG_NAMES.values())
CLIENT_CONTACT = {"Truus", "Teststraat", "06-11112222"}
BSN = "111222333"


def secrets_for(role: str, state: str) -> set[str]:
    if role in ORG_NAMES:
        own_contact = role == "winner" and state == "awarded"
        return (ALL_ORG_NAMES - {ORG_NAMES[role]}) | (set() if own_contact else CLIENT_CONTACT) | {BSN}
    if role in ("anonymous", "consultant_other"):
        return CLIENT_CONTACT | {BSN} | (ALL_ORG_NAMES if role == "anonymous" else set())
    if role in CLIENT_ROLES:
        return {BSN}
    return set()

