"""The client's forms (Flask-WTF, CSRF-protected), in plain Dutch (the catalogue's msgids)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, SubmitField
from wtforms.validators import DataRequired, Length


class CodeForm(FlaskForm):
    code = StringField(_l("Uw code"), validators=[DataRequired(_l("Vul de code in.")),
                                                  Length(max=32, message=_l("Deze code is te lang."))])
    submit = SubmitField(_l("Verder"))


class ChoiceForm(FlaskForm):
    """Posted by the button on one offer card; the template writes the hidden fields itself,
    because one page holds a form per offer."""
    bid_id = IntegerField(validators=[DataRequired(_l("Kies een aanbieding."))])
