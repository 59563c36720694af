"""The route × role matrix's table, which adapters/test_route_matrix.py holds the app to: what
each kind of caller gets from every page, API call and socket event, in each state a request
can be in. Pure data: a route added to the app needs its rows here (or, for the gemeente's own
management and the follow-up after the award, in route_matrix_table_followup.py), and a route
taken away takes its rows with it.

The states: draft, open, closed, awarded, and started (awarded, and the winner's support has
begun; route_matrix_world.py builds them).

How to read a cell:
  200, 201, 404, ...  the HTTP status (for 302: a redirect that is not the login page)
  login               302 to the login page (/inloggen?next=...)
  ok                  socket: connected, or the ack says {"ok": true}
  refused             socket: the connection is refused (so no event can be sent)
  not_found, ...      socket: the ack's error code
  -                   the role does not exist in this state (no client code is ever made for a draft)

The columns (route_matrix_world.py builds them):
  anon     no session, no token
  cons     consultant of Lelystad, the gemeente of every request here
  cons2    consultant of Dronten
  admin    beheerder of Lelystad: manages the gemeente, is no consultant (no request, no client data)
  admin2   beheerder of Dronten
  elig     provider approved by Lelystad for the category, without an offer
  icat     provider approved by Lelystad, but only for another category
  igem     provider approved for the category, but only by Dronten
  unapp    provider registered, approved for nothing
  client   client token of this request (its page session, API and socket alike)
  client2  client token of another request of Lelystad
  winner   provider with an offer on the open, closed, awarded and started request; won the last two
  loser    provider with an offer on the same requests; lost the awarded and the started one
  susp     provider with an offer on the same requests, then suspended by Lelystad for the
           category: it still sees them and may withdraw, but may not bid
"""
COLUMNS = {"anon": "anonymous", "cons": "consultant", "cons2": "consultant_other", "admin": "admin",
           "admin2": "admin2", "elig": "eligible", "icat": "inel_category", "igem": "inel_gemeente",
           "unapp": "unapproved", "client": "client", "client2": "client_other", "winner": "winner",
           "loser": "loser", "susp": "suspended"}

MATRIX = """
method  route                                                         state    anon   cons  cons2  admin  admin2  elig  icat  igem  unapp  client  client2  winner  loser  susp

# --- public pages and helpers ------------------------------------------------------------------------------------------------------------------------------------------------
GET     /                                                             -        200    302   302    302    302     302   302   302   302    200     200      302     302    302
GET     /favicon.ico                                                  -        301    301   301    301    301     301   301   301   301    301     301      301     301    301
GET     /healthz                                                      -        200    200   200    200    200     200   200   200   200    200     200      200     200    200
GET     /static/<path:filename>                                       -        200    200   200    200    200     200   200   200   200    200     200      200     200    200
POST    /taal                                                         -        302    302   302    302    302     302   302   302   302    302     302      302     302    302
GET     /inbox                                                        -        login  200   200    200    200     200   200   200   200    login   login    200     200    200

# --- accounts: login (an unknown account), logout, registration (an empty form; a link with a bad token) ---------------------------------------------------------------------
GET     /inloggen                                                     -        200    302   302    302    302     302   302   302   302    200     200      302     302    302
POST    /inloggen                                                     -        200    302   302    302    302     302   302   302   302    200     200      302     302    302
POST    /uitloggen                                                    -        login  302   302    302    302     302   302   302   302    login   login    302     302    302
GET     /registreren                                                  -        200    200   200    200    200     200   200   200   200    200     200      200     200    200
GET     /registreren/verstuurd                                        -        200    200   200    200    200     200   200   200   200    200     200      200     200    200
GET     /registreren/bevestigen/<token>                               -        400    400   400    400    400     400   400   400   400    400     400      400     400    400
POST    /registreren/bevestigen/<token>                               -        400    400   400    400    400     400   400   400   400    400     400      400     400    400
POST    /registreren                                                  -        200    200   200    200    200     200   200   200   200    200     200      200     200    200

# --- the provider's pages (bid: € 900,00; withdraw: confirmed) ---------------------------------------------------------------------------------------------------------------
GET     /aanbieder/aanvragen                                          -        login  404   404    404    404     200   200   200   200    login   login    200     200    200
GET     /aanbieder/status                                             -        login  404   404    404    404     200   200   200   200    login   login    200     200    200
POST    /aanbieder/status/aanmelden/<int:gemeente_id>                 -        login  404   404    404    404     422   422   422   422    login   login    422     422    422
GET     /aanbieder/aanvragen/<int:request_id>                         draft    login  404   404    404    404     404   404   404   404    -       login    404     404    404
GET     /aanbieder/aanvragen/<int:request_id>                         open     login  404   404    404    404     200   404   404   404    login   login    200     200    200
GET     /aanbieder/aanvragen/<int:request_id>                         closed   login  404   404    404    404     200   404   404   404    login   login    200     200    200
GET     /aanbieder/aanvragen/<int:request_id>                         awarded  login  404   404    404    404     200   404   404   404    login   login    200     200    200
GET     /aanbieder/aanvragen/<int:request_id>                         started  login  404   404    404    404     200   404   404   404    login   login    200     200    200
POST    /aanbieder/aanvragen/<int:request_id>                         draft    login  404   404    404    404     404   404   404   404    -       login    404     404    404
POST    /aanbieder/aanvragen/<int:request_id>                         open     login  404   404    404    404     302   404   404   404    login   login    302     302    409
POST    /aanbieder/aanvragen/<int:request_id>                         closed   login  404   404    404    404     409   404   404   404    login   login    409     409    409
POST    /aanbieder/aanvragen/<int:request_id>                         awarded  login  404   404    404    404     409   404   404   404    login   login    409     409    409
POST    /aanbieder/aanvragen/<int:request_id>                         started  login  404   404    404    404     409   404   404   404    login   login    409     409    409
POST    /aanbieder/aanvragen/<int:request_id>/intrekken               draft    login  404   404    404    404     404   404   404   404    -       login    404     404    404
POST    /aanbieder/aanvragen/<int:request_id>/intrekken               open     login  404   404    404    404     409   404   404   404    login   login    302     302    302
POST    /aanbieder/aanvragen/<int:request_id>/intrekken               closed   login  404   404    404    404     409   404   404   404    login   login    409     409    409
POST    /aanbieder/aanvragen/<int:request_id>/intrekken               awarded  login  404   404    404    404     409   404   404   404    login   login    409     409    409
POST    /aanbieder/aanvragen/<int:request_id>/intrekken               started  login  404   404    404    404     409   404   404   404    login   login    409     409    409

# --- the client's pages (a wrong code; choose: the loser's offer) ------------------------------------------------------------------------------------------------------------
GET     /client/                                                      -        200    200   200    200    200     200   200   200   200    200     200      200     200    200
POST    /client/                                                      -        422    422   422    422    422     422   422   422   422    422     422      422     422    422
POST    /client/stoppen                                               -        302    302   302    302    302     302   302   302   302    302     302      302     302    302
GET     /client/aanbiedingen                                          open     302    302   302    302    302     302   302   302   302    200     200      302     302    302
GET     /client/aanbiedingen                                          closed   302    302   302    302    302     302   302   302   302    200     200      302     302    302
GET     /client/aanbiedingen                                          awarded  302    302   302    302    302     302   302   302   302    200     200      302     302    302
GET     /client/aanbiedingen                                          started  302    302   302    302    302     302   302   302   302    200     200      302     302    302
GET     /client/gekozen                                               open     302    302   302    302    302     302   302   302   302    302     302      302     302    302
GET     /client/gekozen                                               closed   302    302   302    302    302     302   302   302   302    302     302      302     302    302
GET     /client/gekozen                                               awarded  302    302   302    302    302     302   302   302   302    200     302      302     302    302
GET     /client/gekozen                                               started  302    302   302    302    302     302   302   302   302    200     302      302     302    302
POST    /client/kies                                                  open     302    302   302    302    302     302   302   302   302    302     302      302     302    302
POST    /client/kies                                                  closed   302    302   302    302    302     302   302   302   302    302     302      302     302    302
POST    /client/kies                                                  awarded  302    302   302    302    302     302   302   302   302    302     302      302     302    302
POST    /client/kies                                                  started  302    302   302    302    302     302   302   302   302    302     302      302     302    302

# --- the consultant's pages (new: an empty form; decision: an empty form) ----------------------------------------------------------------------------------------------------
GET     /consulent/aanvragen                                          -        login  200   200    404    404     404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/nieuw                                    -        login  200   200    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/nieuw                                    -        login  422   422    404    404     404   404   404   404    login   login    404     404    404
GET     /consulent/aanbieders                                         -        login  200   200    404    404     404   404   404   404    login   login    404     404    404
GET     /consulent/aanbieders/<int:org_id>                            -        login  200   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanbieders/toelating/<int:approval_id>             -        login  422   404    404    404     404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>                         draft    login  200   404    404    404     404   404   404   404    -       login    404     404    404
GET     /consulent/aanvragen/<int:request_id>                         open     login  200   404    404    404     404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>                         closed   login  200   404    404    404     404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>                         awarded  login  200   404    404    404     404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>                         started  login  200   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/publiceren              draft    login  302   404    404    404     404   404   404   404    -       login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/publiceren              open     login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/publiceren              closed   login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/publiceren              awarded  login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/publiceren              started  login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/omschrijving            draft    login  302   404    404    404     404   404   404   404    -       login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/omschrijving            open     login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/omschrijving            closed   login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/omschrijving            awarded  login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/omschrijving            started  login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/annuleren               draft    login  302   404    404    404     404   404   404   404    -       login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/annuleren               open     login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/annuleren               closed   login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/annuleren               awarded  login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/annuleren               started  login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/heropenen               draft    login  302   404    404    404     404   404   404   404    -       login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/heropenen               open     login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/heropenen               closed   login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/heropenen               awarded  login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/heropenen               started  login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/clientcode              draft    login  302   404    404    404     404   404   404   404    -       login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/clientcode              open     login  200   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/clientcode              closed   login  200   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/clientcode              awarded  login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/clientcode              started  login  200   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/keuze                   draft    login  302   404    404    404     404   404   404   404    -       login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/keuze                   open     login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/keuze                   closed   login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/keuze                   awarded  login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/keuze                   started  login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/gunnen                  draft    login  302   404    404    404     404   404   404   404    -       login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/gunnen                  open     login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/gunnen                  closed   login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/gunnen                  awarded  login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/gunnen                  started  login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/clientgegevens          draft    login  200   404    404    404     404   404   404   404    -       login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/clientgegevens          open     login  200   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/clientgegevens          closed   login  200   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/clientgegevens          awarded  login  200   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/clientgegevens          started  login  200   404    404    404     404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/clientgegevens/logboek  draft    login  200   404    404    404     404   404   404   404    -       login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/clientgegevens/logboek  open     login  200   404    404    404     404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/clientgegevens/logboek  closed   login  200   404    404    404     404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/clientgegevens/logboek  awarded  login  200   404    404    404     404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/clientgegevens/logboek  started  login  200   404    404    404     404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/inzage                  draft    login  200   404    404    404     404   404   404   404    -       login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/inzage                  open     login  200   404    404    404     404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/inzage                  closed   login  200   404    404    404     404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/inzage                  awarded  login  200   404    404    404     404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/inzage                  started  login  200   404    404    404     404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/inzage.json             draft    login  200   404    404    404     404   404   404   404    -       login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/inzage.json             open     login  200   404    404    404     404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/inzage.json             closed   login  200   404    404    404     404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/inzage.json             awarded  login  200   404    404    404     404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/inzage.json             started  login  200   404    404    404     404   404   404   404    login   login    404     404    404

# --- the API: tokens (users: their own password; anon and clients: an unknown account) ---------------------------------------------------------------------------------------
GET     /api/v1/openapi.json                                          -        200    200   200    200    200     200   200   200   200    200     200      200     200    200
POST    /api/v1/tokens                                                -        401    201   201    201    201     201   201   201   201    401     401      201     201    201
DELETE  /api/v1/tokens/current                                        -        401    200   200    200    200     200   200   200   200    200     200      200     200    200
GET     /api/v1/requests                                              -        401    200   200    200    200     200   200   200   200    200     200      200     200    200
POST    /api/v1/requests                                              -        401    201   201    403    403     403   403   403   403    403     403      403     403    403

# --- the API on one request --------------------------------------------------------------------------------------------------------------------------------------------------
GET     /api/v1/requests/<int:request_id>                             draft    401    200   404    404    404     404   404   404   404    -       404      404     404    404
GET     /api/v1/requests/<int:request_id>                             open     401    200   404    404    404     200   404   404   404    200     404      200     200    200
GET     /api/v1/requests/<int:request_id>                             closed   401    200   404    404    404     200   404   404   404    200     404      200     200    200
GET     /api/v1/requests/<int:request_id>                             awarded  401    200   404    404    404     200   404   404   404    200     404      200     200    200
GET     /api/v1/requests/<int:request_id>                             started  401    200   404    404    404     200   404   404   404    200     404      200     200    200
PATCH   /api/v1/requests/<int:request_id>                             draft    401    200   404    404    404     404   404   404   404    -       404      404     404    404
PATCH   /api/v1/requests/<int:request_id>                             open     401    409   404    404    404     404   404   404   404    404     404      404     404    404
PATCH   /api/v1/requests/<int:request_id>                             closed   401    409   404    404    404     404   404   404   404    404     404      404     404    404
PATCH   /api/v1/requests/<int:request_id>                             awarded  401    409   404    404    404     404   404   404   404    404     404      404     404    404
PATCH   /api/v1/requests/<int:request_id>                             started  401    409   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/publish                     draft    401    200   404    404    404     404   404   404   404    -       404      404     404    404
POST    /api/v1/requests/<int:request_id>/publish                     open     401    409   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/publish                     closed   401    409   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/publish                     awarded  401    409   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/publish                     started  401    409   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/cancel                      draft    401    200   404    404    404     404   404   404   404    -       404      404     404    404
POST    /api/v1/requests/<int:request_id>/cancel                      open     401    200   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/cancel                      closed   401    200   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/cancel                      awarded  401    409   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/cancel                      started  401    409   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/reopen                      draft    401    409   404    404    404     404   404   404   404    -       404      404     404    404
POST    /api/v1/requests/<int:request_id>/reopen                      open     401    409   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/reopen                      closed   401    409   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/reopen                      awarded  401    409   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/reopen                      started  401    409   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/bids                        draft    401    403   404    404    404     404   404   404   404    -       404      404     404    404
POST    /api/v1/requests/<int:request_id>/bids                        open     401    403   404    404    404     201   404   404   404    404     404      201     201    404
POST    /api/v1/requests/<int:request_id>/bids                        closed   401    403   404    404    404     409   404   404   404    404     404      409     409    404
POST    /api/v1/requests/<int:request_id>/bids                        awarded  401    403   404    404    404     409   404   404   404    404     404      409     409    404
POST    /api/v1/requests/<int:request_id>/bids                        started  401    403   404    404    404     409   404   404   404    404     404      409     409    404
DELETE  /api/v1/requests/<int:request_id>/bids/mine                   draft    401    403   404    404    404     404   404   404   404    -       404      404     404    404
DELETE  /api/v1/requests/<int:request_id>/bids/mine                   open     401    403   404    404    404     404   404   404   404    404     404      200     200    200
DELETE  /api/v1/requests/<int:request_id>/bids/mine                   closed   401    403   404    404    404     409   404   404   404    404     404      409     409    409
DELETE  /api/v1/requests/<int:request_id>/bids/mine                   awarded  401    403   404    404    404     409   404   404   404    404     404      409     409    409
DELETE  /api/v1/requests/<int:request_id>/bids/mine                   started  401    403   404    404    404     409   404   404   404    404     404      409     409    409
POST    /api/v1/requests/<int:request_id>/client-code                 draft    401    409   404    404    404     404   404   404   404    -       404      404     404    404
POST    /api/v1/requests/<int:request_id>/client-code                 open     401    201   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/client-code                 closed   401    201   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/client-code                 awarded  401    409   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/client-code                 started  401    201   404    404    404     404   404   404   404    404     404      404     404    404
GET     /api/v1/requests/<int:request_id>/offers                      draft    401    409   404    404    404     404   404   404   404    -       404      404     404    404
GET     /api/v1/requests/<int:request_id>/offers                      open     401    409   404    404    404     404   404   404   404    409     404      404     404    404
GET     /api/v1/requests/<int:request_id>/offers                      closed   401    200   404    404    404     404   404   404   404    200     404      404     404    404
GET     /api/v1/requests/<int:request_id>/offers                      awarded  401    200   404    404    404     404   404   404   404    200     404      404     404    404
GET     /api/v1/requests/<int:request_id>/offers                      started  401    200   404    404    404     404   404   404   404    200     404      404     404    404
POST    /api/v1/requests/<int:request_id>/choice                      draft    401    409   404    404    404     404   404   404   404    -       404      404     404    404
POST    /api/v1/requests/<int:request_id>/choice                      open     401    409   404    404    404     404   404   404   404    409     404      404     404    404
POST    /api/v1/requests/<int:request_id>/choice                      closed   401    200   404    404    404     404   404   404   404    200     404      404     404    404
POST    /api/v1/requests/<int:request_id>/choice                      awarded  401    409   404    404    404     404   404   404   404    409     404      404     404    404
POST    /api/v1/requests/<int:request_id>/choice                      started  401    409   404    404    404     404   404   404   404    409     404      404     404    404
POST    /api/v1/requests/<int:request_id>/award                       draft    401    409   404    404    404     404   404   404   404    -       404      404     404    404
POST    /api/v1/requests/<int:request_id>/award                       open     401    409   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/award                       closed   401    409   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/award                       awarded  401    409   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/award                       started  401    409   404    404    404     404   404   404   404    404     404      404     404    404
GET     /api/v1/requests/<int:request_id>/award                       draft    401    409   404    404    404     404   404   404   404    -       404      404     404    404
GET     /api/v1/requests/<int:request_id>/award                       open     401    409   404    404    404     404   404   404   404    404     404      404     404    404
GET     /api/v1/requests/<int:request_id>/award                       closed   401    409   404    404    404     404   404   404   404    404     404      404     404    404
GET     /api/v1/requests/<int:request_id>/award                       awarded  401    200   404    404    404     404   404   404   404    404     404      200     404    404
GET     /api/v1/requests/<int:request_id>/award                       started  401    200   404    404    404     404   404   404   404    404     404      200     404    404
"""

# Socket.IO on /auction: a cell is the connection (ok, refused) or the ack (ok, or its error
# code). join and bid are about one request (bid: 900 euro); * is any event the namespace lacks.
SOCKET_MATRIX = """
method  route    state    anon     cons       cons2      admin      admin2     elig           icat       igem       unapp      client     client2    winner         loser          susp
SOCKET  connect  -        refused  ok         ok         ok         ok         ok             ok         ok         ok         ok         ok         ok             ok             ok
SOCKET  *        -        refused  not_found  not_found  not_found  not_found  not_found      not_found  not_found  not_found  not_found  not_found  not_found      not_found      not_found
SOCKET  join     draft    refused  ok         not_found  not_found  not_found  not_found      not_found  not_found  not_found  -          not_found  not_found      not_found      not_found
SOCKET  join     open     refused  ok         not_found  not_found  not_found  ok             not_found  not_found  not_found  ok         not_found  ok             ok             ok
SOCKET  join     closed   refused  ok         not_found  not_found  not_found  ok             not_found  not_found  not_found  ok         not_found  ok             ok             ok
SOCKET  join     awarded  refused  ok         not_found  not_found  not_found  ok             not_found  not_found  not_found  ok         not_found  ok             ok             ok
SOCKET  join     started  refused  ok         not_found  not_found  not_found  ok             not_found  not_found  not_found  ok         not_found  ok             ok             ok
SOCKET  bid      draft    refused  forbidden  not_found  not_found  not_found  not_found      not_found  not_found  not_found  -          not_found  not_found      not_found      not_found
SOCKET  bid      open     refused  forbidden  not_found  not_found  not_found  ok             not_found  not_found  not_found  not_found  not_found  ok             ok             not_found
SOCKET  bid      closed   refused  forbidden  not_found  not_found  not_found  window_closed  not_found  not_found  not_found  not_found  not_found  window_closed  window_closed  not_found
SOCKET  bid      awarded  refused  forbidden  not_found  not_found  not_found  window_closed  not_found  not_found  not_found  not_found  not_found  window_closed  window_closed  not_found
SOCKET  bid      started  refused  forbidden  not_found  not_found  not_found  window_closed  not_found  not_found  not_found  not_found  not_found  window_closed  window_closed  not_found
"""
