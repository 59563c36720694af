"""The client's forms (Flask-WTF, CSRF-protected), in plain Dutch."""
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, SubmitField
from wtforms.validators import DataRequired, Length


class CodeForm(FlaskForm):
    code = StringField("Uw code", validators=[DataRequired("Vul de code in."),
                                              Length(max=32, message="Deze code is te lang.")])
    submit = SubmitField("Verder")


class ChoiceForm(FlaskForm):
    """Posted by the button on one offer card; the template writes the hidden fields itself,
    because one page holds a form per offer."""
    bid_id = IntegerField(validators=[DataRequired("Kies een aanbieding.")])

