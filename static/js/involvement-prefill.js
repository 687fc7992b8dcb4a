// Participant rows in the admin: choosing a person fills in their organisation and role title
// then (the function they held on the occasion's date), in the fields that are still empty.
// The server does the same when the form is saved (people/involvement_admin.py).
"use strict";
(function () {
  function field(row, prefix, name) {
    return row.querySelector('[name="' + prefix + "-" + name + '"]');
  }

  function isEmpty(input) {
    return input && !input.value;
  }

  function selectOption(select, id, label) {
    var value = String(id);
    var option = Array.prototype.find.call(select.options, function (o) {
      return o.value === value;
    });
    if (!option) {
      if (!label) return false; // a plain list of choices that lacks this one
      option = new Option(label, value, true, true);
      select.appendChild(option);
    }
    select.value = value;
    if (window.django && window.django.jQuery) {
      window.django.jQuery(select).trigger("change"); // select2 shows the new choice
    } else {
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
    return true;
  }

  function fill(personSelect) {
    var url = personSelect.dataset.affiliationUrl;
    var prefix = personSelect.name.replace(/-person$/, "");
    var row = personSelect.closest("tr") || personSelect.form;
    if (!url || !row || !personSelect.value) return;
    var organisation = field(row, prefix, "organisation");
    var signedFor = field(row, prefix, "signed_for");
    var roleTitle = field(row, prefix, "role_title");
    if (!isEmpty(organisation) && !isEmpty(roleTitle) && !isEmpty(signedFor)) return;
    var dateInput = document.getElementById(personSelect.dataset.occasionDate);
    var query = new URLSearchParams({
      person: personSelect.value,
      date: dateInput ? dateInput.value : "",
    });
    fetch(url + "?" + query, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data || !data.organisation_id) return;
        if (isEmpty(signedFor)) selectOption(signedFor, data.organisation_id, "");
        if (isEmpty(organisation) && !(signedFor && signedFor.value)) {
          selectOption(organisation, data.organisation_id, data.organisation_label);
        }
        if (isEmpty(roleTitle)) roleTitle.value = data.role_title;
      })
      .catch(function () {});
  }

  function onChange(event) {
    var target = event.target;
    if (target && target.matches && target.matches("select[data-affiliation-url]")) {
      fill(target);
    }
  }

  document.addEventListener("change", onChange);
  // Autocomplete fields are select2 widgets, which announce a choice through jQuery only.
  if (window.django && window.django.jQuery) {
    window.django.jQuery(document).on("select2:select", "select[data-affiliation-url]", onChange);
  }
})();
