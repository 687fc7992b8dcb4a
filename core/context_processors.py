from core.roles import is_editor, is_manager


def roles(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"user_is_editor": is_editor(user), "user_is_manager": is_manager(user)}
