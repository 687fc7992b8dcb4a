"""Password reset that does not tell whether an address has an account.

Django's reset form renders and sends a mail only for a known address; for an unknown one it
returns at once. The difference in time (token, three templates, an SMTP conversation) tells
an attacker which addresses have accounts. Here both do the same work while the request runs:
one user lookup, a token and the rendered mail, for a stand-in user when no account matches;
and no mail is sent during the request at all: the real mails go out after the response has
been written (``SendAfterResponse.close``, which the WSGI server calls once the answer is
out). The page and redirect are the same either way, as in Django.
"""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMultiAlternatives
from django.http import HttpResponseRedirect
from django.template import loader

logger = logging.getLogger(__name__)


class EqualWorkPasswordResetForm(PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outbox: list[EmailMultiAlternatives] = []

    def get_users(self, email):
        users = list(super().get_users(email))
        if users:
            return users
        stand_in = get_user_model()(email=email, username="")
        stand_in.set_unusable_password()
        stand_in.is_stand_in = True
        return [stand_in]

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Render the mail as Django does; keep it for after the response (real users only)."""
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        if html_email_template_name is not None:
            html = loader.render_to_string(html_email_template_name, context)
            message.attach_alternative(html, "text/html")
        if not getattr(context["user"], "is_stand_in", False):
            self.outbox.append(message)


class SendAfterResponse(HttpResponseRedirect):
    """A redirect that sends its mails when the server closes it, after it went out."""

    def __init__(self, url, messages, **kwargs):
        super().__init__(url, **kwargs)
        self.messages = messages

    def close(self):
        try:
            super().close()
        finally:
            messages, self.messages = self.messages, []
            for message in messages:
                try:
                    message.send()
                except Exception:
                    logger.exception("Failed to send a password reset email")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = EqualWorkPasswordResetForm

    def form_valid(self, form):
        response = super().form_valid(form)  # renders the mails, sends none
        return SendAfterResponse(response.url, form.outbox)
