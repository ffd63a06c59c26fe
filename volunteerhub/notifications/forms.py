from django import forms


class PreferencesForm(forms.Form):
    wechat = forms.BooleanField(required=False)
    sms = forms.BooleanField(required=False)
    quiet_start = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    quiet_end = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
