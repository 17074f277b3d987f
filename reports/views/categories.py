"""Category settings pages for coordinators and admins: the list, a new category, and a
category's edit page with its questions (attributes) and routes.

Every change goes through the `do_*` actions, which check the permission again, run in one
transaction and write the audit entry; these views only parse forms and show errors.
Changes are POST only (CSRF-protected); a refused form answers 400 with nothing saved.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import permission_required
from reports import actions
from reports.forms import AttributeForm, CategoryForm, RouteForm, apply_errors
from reports.models import Attribute, Category, Route
from reports.permissions import can_manage_categories

# The actions ask can_manage_categories again; the decorator also sends anonymous visitors
# to log in and refuses staff who have not passed two-factor login.


def access_category(code: str) -> Category:
    return get_object_or_404(Category.objects.select_related("default_organization"), code=code)


@require_GET
@permission_required(can_manage_categories)
def category_list(request: HttpRequest) -> HttpResponse:
    categories = Category.objects.select_related("default_organization").prefetch_related(
        "attributes", "routes__area", "routes__organization"
    )
    return render(request, "reports/categories.html", {"categories": categories})


@require_http_methods(["GET", "POST"])
@permission_required(can_manage_categories)
def category_new(request: HttpRequest) -> HttpResponse:
    form = CategoryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        fields = form.changes()
        try:
            category = actions.do_create_category(
                code=fields.pop("code"), name=fields.pop("name"), actor=request.user, **fields
            )
        except ValidationError as error:
            apply_errors(form, error, {})
        else:
            messages.success(request, _("Category created. Now add its questions and routes."))
            return redirect("reports:category_edit", category.code)
    return render(
        request, "reports/category_new.html", {"form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_manage_categories)
def category_edit(request: HttpRequest, code: str) -> HttpResponse:
    category = access_category(code)
    form = CategoryForm(request.POST if request.method == "POST" else None, category=category)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        if not changes:
            messages.info(request, _("Nothing changed."))
            return redirect("reports:category_edit", category.code)
        try:
            actions.do_update_category(category, actor=request.user, **changes)
        except ValidationError as error:
            # The action set the new values on the object before refusing them.
            category.refresh_from_db()
            apply_errors(form, error, {})
        else:
            messages.success(request, _("Category saved."))
            return redirect("reports:category_edit", category.code)
    return _render_edit(request, category, form=form, status=400 if form.is_bound else 200)


@require_POST
@permission_required(can_manage_categories)
def attribute_add(request: HttpRequest, code: str) -> HttpResponse:
    category = access_category(code)
    form = AttributeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_add_attribute(
                category, code=data["code"], description=data["description"],
                datatype=data["datatype"], required=data["required"], order=data["order"],
                values=data["values"], actor=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error, {})
        else:
            messages.success(request, _("Question added."))
            return redirect("reports:category_edit", category.code)
    return _render_edit(request, category, attribute_form=form, status=400)


@require_POST
@permission_required(can_manage_categories)
def attribute_remove(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    category = access_category(code)
    attribute = get_object_or_404(Attribute, pk=pk, category=category)
    actions.do_delete_attribute(attribute, actor=request.user)
    messages.success(request, _("Question removed. Answers already given stay on their reports."))
    return redirect("reports:category_edit", category.code)


@require_POST
@permission_required(can_manage_categories)
def route_add(request: HttpRequest, code: str) -> HttpResponse:
    category = access_category(code)
    form = RouteForm(request.POST)
    if form.is_valid():
        area, organization = form.cleaned_data["area"], form.cleaned_data["organization"]
        replaced = Route.objects.filter(category=category, area=area).exists()
        try:
            actions.do_add_route(category, area, organization, actor=request.user)
        except ValidationError as error:
            apply_errors(form, error, {})
        else:
            messages.success(
                request,
                _("Route replaced. Existing reports keep their organization.") if replaced
                else _("Route added. Existing reports keep their organization."),
            )
            return redirect("reports:category_edit", category.code)
    return _render_edit(request, category, route_form=form, status=400)


@require_POST
@permission_required(can_manage_categories)
def route_remove(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    category = access_category(code)
    route = get_object_or_404(Route, pk=pk, category=category)
    actions.do_remove_route(route, actor=request.user)
    messages.success(request, _("Route removed."))
    return redirect("reports:category_edit", category.code)


def _render_edit(
    request: HttpRequest,
    category: Category,
    *,
    form: CategoryForm | None = None,
    attribute_form: AttributeForm | None = None,
    route_form: RouteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The edit page; the one form that was sent comes back bound, with its errors."""
    context: dict[str, Any] = {
        "category": category,
        "form": form or CategoryForm(category=category),
        "attribute_form": attribute_form or AttributeForm(),
        "route_form": route_form or RouteForm(),
        "attributes": list(category.attributes.all()),
        "routes": list(
            category.routes.select_related("area", "organization").order_by(
                F("area__name").asc(nulls_first=True)
            )
        ),
    }
    return render(request, "reports/category_edit.html", context, status=status)
