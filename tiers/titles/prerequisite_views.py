"""The page where a provincial officer records the report of a title that lost its prerequisite
(``prerequisites``): GET shows the facts and the form, POST records it; a refusal keeps the note typed."""
from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.decorators import permission_required
from portal.errors import ActionRefused

from . import prerequisites
from .models import PrerequisiteLoss


class ReportForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("What was reported, to whom, with which document"),
                           widget=forms.Textarea(attrs={"rows": 3}), required=False)


@permission_required("portal.officer_area")
def prerequisite_loss_report(request, pk):
    loss = get_object_or_404(PrerequisiteLoss.objects.select_related(
        "title__tier", "title__enterprise", "prerequisite__tier"), pk=pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            prerequisites.report_prerequisite_loss(loss, actor=request.user, note=form.cleaned_data["note"])
        except ActionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("The report is recorded."))
            return redirect("home")
    return render(request, "titles/prerequisite_loss_report.html", {
        "loss": loss, "sentence": prerequisites.sentence(loss), "form": form})
