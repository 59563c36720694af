"""The route × role matrix's rows for the gemeente running itself and for what follows the award
(issues 19 and 20): readiness, passwords, invitations and the user's settings; the beheerder's
pages and API; evidence for the minimum requirements; a provider's record and the steering
figures; the assignment, its survey and the assessment of offers. Read as route_matrix_table.py
says (the same columns and cells); adapters/test_route_matrix.py holds the app to both.

The beheerder is no consultant: the consultant's and provider's pages answer it 404, as anyone
they are not for. The API answers it 404 on everything about a request, a consultant's action
included: a request is not visible to it, and a 403 would confirm to a beheerder of another
gemeente that the id exists; in both tables alike. A
beheerder of Dronten manages Dronten only: Lelystad's staff do not exist for it (404), while the
calls without an id (catalogue, settings, staff list) answer it about Dronten.
"""
FOLLOWUP_MATRIX = """
method  route                                                                              state    anon   cons  cons2  admin  admin2  elig  icat  igem  unapp  client  client2  winner  loser  susp

# --- readiness; passwords, invitations, e-mail changes (an unknown address; a bad token) ----------------------------------------------------------------------------------------------------------------------------------------------------------------
GET     /readyz                                                                            -        200    200   200    200    200     200   200   200   200    200     200      200     200    200
GET     /wachtwoord-vergeten                                                               -        200    200   200    200    200     200   200   200   200    200     200      200     200    200
POST    /wachtwoord-vergeten                                                               -        302    302   302    302    302     302   302   302   302    302     302      302     302    302
GET     /wachtwoord-vergeten/verstuurd                                                     -        200    200   200    200    200     200   200   200   200    200     200      200     200    200
GET     /wachtwoord-herstellen/<token>                                                     -        400    400   400    400    400     400   400   400   400    400     400      400     400    400
POST    /wachtwoord-herstellen/<token>                                                     -        400    400   400    400    400     400   400   400   400    400     400      400     400    400
GET     /uitnodiging/<token>                                                               -        400    400   400    400    400     400   400   400   400    400     400      400     400    400
POST    /uitnodiging/<token>                                                               -        400    400   400    400    400     400   400   400   400    400     400      400     400    400
GET     /e-mailadres-bevestigen/<token>                                                    -        400    400   400    400    400     400   400   400   400    400     400      400     400    400
POST    /e-mailadres-bevestigen/<token>                                                    -        400    400   400    400    400     400   400   400   400    400     400      400     400    400
POST    /api/v1/password-reset                                                             -        202    202   202    202    202     202   202   202   202    202     202      202     202    202

# --- the user's own settings (the forms empty) ----------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------
GET     /instellingen                                                                      -        login  200   200    200    200     200   200   200   200    login   login    200     200    200
POST    /instellingen                                                                      -        login  200   200    200    200     200   200   200   200    login   login    200     200    200
GET     /instellingen/wachtwoord                                                           -        login  302   302    302    302     302   302   302   302    login   login    302     302    302
POST    /instellingen/wachtwoord                                                           -        login  200   200    200    200     200   200   200   200    login   login    200     200    200
GET     /instellingen/e-mailadres                                                          -        login  302   302    302    302     302   302   302   302    login   login    302     302    302
POST    /instellingen/e-mailadres                                                          -        login  200   200    200    200     200   200   200   200    login   login    200     200    200

# --- the beheerder's pages (each form as it would be saved; the member: Lelystad's consultant, active) --------------------------------------------------------------------------------------------------------------------------------------------------
GET     /beheer                                                                            -        login  404   404    200    200     404   404   404   404    login   login    404     404    404
GET     /beheer/catalogus                                                                  -        login  404   404    200    200     404   404   404   404    login   login    404     404    404
POST    /beheer/catalogus/<slug>/<code>                                                    -        login  404   404    302    302     404   404   404   404    login   login    404     404    404
POST    /beheer/catalogus/<slug>/nieuw                                                     -        login  404   404    302    302     404   404   404   404    login   login    404     404    404
GET     /beheer/eisen                                                                      -        login  404   404    200    200     404   404   404   404    login   login    404     404    404
POST    /beheer/eisen/<code>                                                               -        login  404   404    302    302     404   404   404   404    login   login    404     404    404
POST    /beheer/eisen/nieuw                                                                -        login  404   404    302    302     404   404   404   404    login   login    404     404    404
GET     /beheer/tarieven                                                                   -        login  404   404    200    200     404   404   404   404    login   login    404     404    404
POST    /beheer/tarieven                                                                   -        login  404   404    302    302     404   404   404   404    login   login    404     404    404
GET     /beheer/instellingen                                                               -        login  404   404    200    200     404   404   404   404    login   login    404     404    404
POST    /beheer/instellingen                                                               -        login  404   404    302    302     404   404   404   404    login   login    404     404    404
GET     /beheer/mail                                                                       -        login  404   404    200    200     404   404   404   404    login   login    404     404    404
GET     /beheer/medewerkers                                                                -        login  404   404    200    200     404   404   404   404    login   login    404     404    404
POST    /beheer/medewerkers                                                                -        login  404   404    302    302     404   404   404   404    login   login    404     404    404
POST    /beheer/medewerkers/<int:user_id>/deactiveren                                      -        login  404   404    302    404     404   404   404   404    login   login    404     404    404
POST    /beheer/medewerkers/<int:user_id>/activeren                                        -        login  404   404    302    404     404   404   404   404    login   login    404     404    404
POST    /beheer/medewerkers/<int:user_id>/uitnodiging                                      -        login  404   404    302    404     404   404   404   404    login   login    404     404    404

# --- the beheerder's API (PUT: the caller's own document back; the member: Lelystad's consultant, active) -----------------------------------------------------------------------------------------------------------------------------------------------
GET     /api/v1/catalogue                                                                  -        401    403   403    200    200     403   403   403   403    403     403      403     403    403
PUT     /api/v1/catalogue                                                                  -        401    403   403    200    200     403   403   403   403    403     403      403     403    403
GET     /api/v1/settings                                                                   -        401    403   403    200    200     403   403   403   403    403     403      403     403    403
PUT     /api/v1/settings                                                                   -        401    403   403    200    200     403   403   403   403    403     403      403     403    403
GET     /api/v1/mail/failed                                                                -        401    403   403    200    200     403   403   403   403    403     403      403     403    403
GET     /api/v1/staff                                                                      -        401    403   403    200    200     403   403   403   403    403     403      403     403    403
POST    /api/v1/staff                                                                      -        401    403   403    201    201     403   403   403   403    403     403      403     403    403
DELETE  /api/v1/staff/<int:user_id>                                                        -        401    403   403    200    404     403   403   403   403    403     403      403     403    403
POST    /api/v1/staff/<int:user_id>/reactivate                                             -        401    403   403    409    404     403   403   403   403    403     403      403     403    403
POST    /api/v1/staff/<int:user_id>/invitation                                             -        401    403   403    409    404     403   403   403   403    403     403      403     403    403

# --- evidence for the minimum requirements (elig's VOG; an upload: a PDF valid for a year) --------------------------------------------------------------------------------------------------------------------------------------------------------------
POST    /aanbieder/status/bewijs/<int:requirement_id>                                      -        login  404   404    404    404     302   302   302   302    login   login    302     302    302
GET     /aanbieder/bewijs/<int:evidence_id>                                                -        login  404   404    404    404     200   404   404   404    login   login    404     404    404
GET     /consulent/aanbieders/bewijs/<int:evidence_id>                                     -        login  200   404    404    404     404   404   404   404    login   login    404     404    404
GET     /api/v1/evidence                                                                   -        401    403   403    403    403     200   200   200   200    403     403      200     200    200

# --- a provider's record (elig: approved by Lelystad only); steering figures ----------------------------------------------------------------------------------------------------------------------------------------------------------------------------
GET     /api/v1/providers/<int:organisation_id>/record                                     -        401    200   404    404    404     404   404   404   404    404     404      404     404    404
GET     /stuurinformatie/                                                                  -        login  200   200    200    200     404   404   404   404    login   login    404     404    404
GET     /stuurinformatie/stuurinformatie.csv                                               -        login  200   200    200    200     404   404   404   404    login   login    404     404    404
GET     /api/v1/stats                                                                      -        401    200   200    200    200     403   403   403   403    403     403      403     403    403
GET     /api/v1/stats.csv                                                                  -        401    200   200    200    200     403   403   403   403    403     403      403     403    403

# --- the provider's assignments (start: today; the winner won the awarded and the started request) ------------------------------------------------------------------------------------------------------------------------------------------------------
GET     /aanbieder/toewijzingen                                                            -        login  404   404    404    404     200   200   200   200    login   login    200     200    200
GET     /aanbieder/toewijzingen/<int:request_id>                                           draft    login  404   404    404    404     404   404   404   404    -       login    404     404    404
GET     /aanbieder/toewijzingen/<int:request_id>                                           open     login  404   404    404    404     404   404   404   404    login   login    404     404    404
GET     /aanbieder/toewijzingen/<int:request_id>                                           closed   login  404   404    404    404     404   404   404   404    login   login    404     404    404
GET     /aanbieder/toewijzingen/<int:request_id>                                           awarded  login  404   404    404    404     404   404   404   404    login   login    200     404    404
GET     /aanbieder/toewijzingen/<int:request_id>                                           started  login  404   404    404    404     404   404   404   404    login   login    200     404    404
POST    /aanbieder/toewijzingen/<int:request_id>/start                                     draft    login  404   404    404    404     404   404   404   404    -       login    404     404    404
POST    /aanbieder/toewijzingen/<int:request_id>/start                                     open     login  404   404    404    404     404   404   404   404    login   login    404     404    404
POST    /aanbieder/toewijzingen/<int:request_id>/start                                     closed   login  404   404    404    404     404   404   404   404    login   login    404     404    404
POST    /aanbieder/toewijzingen/<int:request_id>/start                                     awarded  login  404   404    404    404     404   404   404   404    login   login    302     404    404
POST    /aanbieder/toewijzingen/<int:request_id>/start                                     started  login  404   404    404    404     404   404   404   404    login   login    302     404    404

# --- the client's survey (the six answers; client2's request is open, so its page says: not yet) --------------------------------------------------------------------------------------------------------------------------------------------------------
GET     /client/vragenlijst                                                                open     302    302   302    302    302     302   302   302   302    200     200      302     302    302
GET     /client/vragenlijst                                                                closed   302    302   302    302    302     302   302   302   302    200     200      302     302    302
GET     /client/vragenlijst                                                                awarded  302    302   302    302    302     302   302   302   302    200     200      302     302    302
GET     /client/vragenlijst                                                                started  302    302   302    302    302     302   302   302   302    200     200      302     302    302
POST    /client/vragenlijst                                                                open     302    302   302    302    302     302   302   302   302    302     302      302     302    302
POST    /client/vragenlijst                                                                closed   302    302   302    302    302     302   302   302   302    302     302      302     302    302
POST    /client/vragenlijst                                                                awarded  302    302   302    302    302     302   302   302   302    302     302      302     302    302
POST    /client/vragenlijst                                                                started  302    302   302    302    302     302   302   302   302    302     302      302     302    302

# --- the consultant's assignment pages (each form as it would be saved, refused with a message or saved) ------------------------------------------------------------------------------------------------------------------------------------------------
POST    /consulent/aanvragen/<int:request_id>/aanbiedingen/<int:bid_id>/beoordeling        draft    login  302   404    404    404     404   404   404   404    -       login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/aanbiedingen/<int:bid_id>/beoordeling        open     login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/aanbiedingen/<int:bid_id>/beoordeling        closed   login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/aanbiedingen/<int:bid_id>/beoordeling        awarded  login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/aanbiedingen/<int:bid_id>/beoordeling        started  login  302   404    404    404     404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/toewijzing                                   draft    login  409   404    404    404     404   404   404   404    -       login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/toewijzing                                   open     login  409   404    404    404     404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/toewijzing                                   closed   login  409   404    404    404     404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/toewijzing                                   awarded  login  200   404    404    404     404   404   404   404    login   login    404     404    404
GET     /consulent/aanvragen/<int:request_id>/toewijzing                                   started  login  200   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/start                             draft    login  302   404    404    404     404   404   404   404    -       login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/start                             open     login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/start                             closed   login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/start                             awarded  login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/start                             started  login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/evaluaties                        draft    login  302   404    404    404     404   404   404   404    -       login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/evaluaties                        open     login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/evaluaties                        closed   login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/evaluaties                        awarded  login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/evaluaties                        started  login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/frequentie                        draft    login  302   404    404    404     404   404   404   404    -       login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/frequentie                        open     login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/frequentie                        closed   login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/frequentie                        awarded  login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/frequentie                        started  login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/klachten                          draft    login  302   404    404    404     404   404   404   404    -       login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/klachten                          open     login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/klachten                          closed   login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/klachten                          awarded  login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/klachten                          started  login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/klachten/<int:number>/afhandelen  draft    login  302   404    404    404     404   404   404   404    -       login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/klachten/<int:number>/afhandelen  open     login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/klachten/<int:number>/afhandelen  closed   login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/klachten/<int:number>/afhandelen  awarded  login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/klachten/<int:number>/afhandelen  started  login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/beeindigen                        draft    login  302   404    404    404     404   404   404   404    -       login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/beeindigen                        open     login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/beeindigen                        closed   login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/beeindigen                        awarded  login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/beeindigen                        started  login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/vragenlijst                       draft    login  302   404    404    404     404   404   404   404    -       login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/vragenlijst                       open     login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/vragenlijst                       closed   login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/vragenlijst                       awarded  login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/vragenlijst                       started  login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/clientcode                        draft    login  409   404    404    404     404   404   404   404    -       login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/clientcode                        open     login  409   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/clientcode                        closed   login  409   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/clientcode                        awarded  login  302   404    404    404     404   404   404   404    login   login    404     404    404
POST    /consulent/aanvragen/<int:request_id>/toewijzing/clientcode                        started  login  200   404    404    404     404   404   404   404    login   login    404     404    404

# --- the assignment and the offers' assessment over the API (each body as it would be saved) ------------------------------------------------------------------------------------------------------------------------------------------------------------
POST    /api/v1/requests/<int:request_id>/offers/<int:bid_id>/assessment                   draft    401    404   404    404    404     404   404   404   404    -       404      404     404    404
POST    /api/v1/requests/<int:request_id>/offers/<int:bid_id>/assessment                   open     401    409   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/offers/<int:bid_id>/assessment                   closed   401    200   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/offers/<int:bid_id>/assessment                   awarded  401    409   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/offers/<int:bid_id>/assessment                   started  401    409   404    404    404     404   404   404   404    404     404      404     404    404
GET     /api/v1/requests/<int:request_id>/assignment                                       draft    401    409   404    404    404     404   404   404   404    -       404      404     404    404
GET     /api/v1/requests/<int:request_id>/assignment                                       open     401    409   404    404    404     404   404   404   404    404     404      404     404    404
GET     /api/v1/requests/<int:request_id>/assignment                                       closed   401    409   404    404    404     404   404   404   404    404     404      404     404    404
GET     /api/v1/requests/<int:request_id>/assignment                                       awarded  401    200   404    404    404     404   404   404   404    404     404      200     404    404
GET     /api/v1/requests/<int:request_id>/assignment                                       started  401    200   404    404    404     404   404   404   404    404     404      200     404    404
POST    /api/v1/requests/<int:request_id>/assignment/start                                 draft    401    409   404    404    404     404   404   404   404    -       404      404     404    404
POST    /api/v1/requests/<int:request_id>/assignment/start                                 open     401    409   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/assignment/start                                 closed   401    409   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/assignment/start                                 awarded  401    200   404    404    404     404   404   404   404    404     404      200     404    404
POST    /api/v1/requests/<int:request_id>/assignment/start                                 started  401    409   404    404    404     404   404   404   404    404     404      409     404    404
POST    /api/v1/requests/<int:request_id>/assignment/reviews                               draft    401    409   404    404    404     404   404   404   404    -       404      404     404    404
POST    /api/v1/requests/<int:request_id>/assignment/reviews                               open     401    409   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/assignment/reviews                               closed   401    409   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/assignment/reviews                               awarded  401    409   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/assignment/reviews                               started  401    201   404    404    404     404   404   404   404    404     404      404     404    404
PUT     /api/v1/requests/<int:request_id>/assignment/review-frequency                      draft    401    409   404    404    404     404   404   404   404    -       404      404     404    404
PUT     /api/v1/requests/<int:request_id>/assignment/review-frequency                      open     401    409   404    404    404     404   404   404   404    404     404      404     404    404
PUT     /api/v1/requests/<int:request_id>/assignment/review-frequency                      closed   401    409   404    404    404     404   404   404   404    404     404      404     404    404
PUT     /api/v1/requests/<int:request_id>/assignment/review-frequency                      awarded  401    200   404    404    404     404   404   404   404    404     404      404     404    404
PUT     /api/v1/requests/<int:request_id>/assignment/review-frequency                      started  401    200   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/assignment/complaints                            draft    401    409   404    404    404     404   404   404   404    -       404      404     404    404
POST    /api/v1/requests/<int:request_id>/assignment/complaints                            open     401    409   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/assignment/complaints                            closed   401    409   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/assignment/complaints                            awarded  401    201   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/assignment/complaints                            started  401    201   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/assignment/complaints/<int:number>/resolve       draft    401    409   404    404    404     404   404   404   404    -       404      404     404    404
POST    /api/v1/requests/<int:request_id>/assignment/complaints/<int:number>/resolve       open     401    409   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/assignment/complaints/<int:number>/resolve       closed   401    409   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/assignment/complaints/<int:number>/resolve       awarded  401    200   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/assignment/complaints/<int:number>/resolve       started  401    200   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/assignment/end                                   draft    401    409   404    404    404     404   404   404   404    -       404      404     404    404
POST    /api/v1/requests/<int:request_id>/assignment/end                                   open     401    409   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/assignment/end                                   closed   401    409   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/assignment/end                                   awarded  401    200   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/assignment/end                                   started  401    200   404    404    404     404   404   404   404    404     404      404     404    404
POST    /api/v1/requests/<int:request_id>/survey                                           draft    401    409   404    404    404     404   404   404   404    -       404      404     404    404
POST    /api/v1/requests/<int:request_id>/survey                                           open     401    409   404    404    404     404   404   404   404    409     404      404     404    404
POST    /api/v1/requests/<int:request_id>/survey                                           closed   401    409   404    404    404     404   404   404   404    409     404      404     404    404
POST    /api/v1/requests/<int:request_id>/survey                                           awarded  401    409   404    404    404     404   404   404   404    409     404      404     404    404
POST    /api/v1/requests/<int:request_id>/survey                                           started  401    201   404    404    404     404   404   404   404    201     404      404     404    404
POST    /api/v1/requests/<int:request_id>/assignment/survey                                draft    401    409   404    404    404     404   404   404   404    -       404      404     404    404
POST    /api/v1/requests/<int:request_id>/assignment/survey                                open     401    409   404    404    404     404   404   404   404    409     404      404     404    404
POST    /api/v1/requests/<int:request_id>/assignment/survey                                closed   401    409   404    404    404     404   404   404   404    409     404      404     404    404
POST    /api/v1/requests/<int:request_id>/assignment/survey                                awarded  401    409   404    404    404     404   404   404   404    409     404      404     404    404
POST    /api/v1/requests/<int:request_id>/assignment/survey                                started  401    201   404    404    404     404   404   404   404    201     404      404     404    404
"""
