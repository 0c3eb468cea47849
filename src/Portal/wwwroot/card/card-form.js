// The card form's script: live validation as the customer types, then one POST of the card to
// this origin. The same rules decide on the server (CardRules.cs); these only help the customer.
// On success only the new card's pm_ id is handed to the portal page. Every word it shows comes
// from the page's form (data-* attributes), rendered by the server in the customer's language.
(() => {
  'use strict';

  // Same IIN ranges, lengths and CVC lengths as CardRules.cs, in the same order.
  const brands = [
    { name: 'amex', label: 'Amex', lengths: [15], cvc: 4, gaps: [4, 10], test: d => /^3[47]/.test(d) },
    { name: 'diners', label: 'Diners', lengths: [14, 16, 19], cvc: 3, gaps: [4, 10], test: d => /^(3[689]|30[0-5])/.test(d) },
    { name: 'discover', label: 'Discover', lengths: [16, 19], cvc: 3, gaps: [4, 8, 12], test: d => /^(6011|65|64[4-9])/.test(d) },
    { name: 'jcb', label: 'JCB', lengths: [16, 17, 18, 19], cvc: 3, gaps: [4, 8, 12], test: d => d.length >= 4 && +d.slice(0, 4) >= 3528 && +d.slice(0, 4) <= 3589 },
    { name: 'unionpay', label: 'UnionPay', lengths: [16, 17, 18, 19], cvc: 3, gaps: [4, 8, 12], test: d => /^62/.test(d) },
    { name: 'mastercard', label: 'Mastercard', lengths: [16], cvc: 3, gaps: [4, 8, 12], test: d => /^5[1-5]/.test(d) || (d.length >= 4 && +d.slice(0, 4) >= 2221 && +d.slice(0, 4) <= 2720) },
    { name: 'visa', label: 'Visa', lengths: [13, 16, 19], cvc: 3, gaps: [4, 8, 12], test: d => /^4/.test(d) },
  ];

  const form = document.getElementById('card-form');
  const field = id => document.getElementById(id);
  const digits = value => value.replace(/[\s-]/g, '');
  const brandOf = d => brands.find(b => b.test(d));
  const token = document.querySelector('meta[name="request-verification-token"]').content;
  const text = form.dataset;

  const luhn = d => {
    let sum = 0;
    for (let i = 0; i < d.length; i++) {
      let n = +d[d.length - 1 - i];
      if (i % 2 === 1) { n *= 2; if (n > 9) n -= 9; }
      sum += n;
    }
    return d.length > 0 && sum % 10 === 0;
  };

  const parseExpiry = value => {
    const m = value.replace(/\s/g, '').match(/^(\d{1,2})\/?(\d{2}|\d{4})$/);
    if (!m) return null;
    const year = m[2].length === 2 ? 2000 + +m[2] : +m[2];
    return { month: +m[1], year };
  };

  const rules = {
    number: () => {
      const d = digits(field('number').value);
      const brand = brandOf(d);
      if (!/^\d+$/.test(d) || d.length < 12) return text.numberIncomplete;
      if (!brand || !brand.lengths.includes(d.length) || !luhn(d)) return text.numberInvalid;
      return '';
    },
    exp: () => {
      const exp = parseExpiry(field('exp').value);
      if (!exp || exp.month < 1 || exp.month > 12) return text.expInvalid;
      const now = new Date();
      if (exp.year < now.getFullYear() || (exp.year === now.getFullYear() && exp.month < now.getMonth() + 1)) return text.expPast;
      return '';
    },
    cvc: () => {
      const length = (brandOf(digits(field('number').value)) || { cvc: 3 }).cvc;
      return new RegExp(`^\\d{${length}}$`).test(field('cvc').value) ? '' : text.cvcLength.replace('{0}', length.toLocaleString(document.documentElement.lang));
    },
    name: () => field('name').value.trim() ? '' : text.nameMissing,
    postal_code: () => field('postal_code').value.trim() ? '' : text.postalCodeMissing,
  };

  const show = (id, message) => {
    field(`${id}-error`).textContent = message;
    field(id).setAttribute('aria-invalid', message ? 'true' : 'false');
  };

  const alertBox = field('form-error');
  const showAlert = message => { alertBox.textContent = message; alertBox.hidden = !message; };

  // Group the number as it is printed on the card, and name the brand.
  field('number').addEventListener('input', () => {
    const input = field('number');
    const d = digits(input.value).replace(/\D/g, '').slice(0, 19);
    const brand = brandOf(d);
    const gaps = brand ? brand.gaps : [4, 8, 12];
    let grouped = '';
    for (let i = 0; i < d.length; i++) grouped += (gaps.includes(i) ? ' ' : '') + d[i];
    input.value = grouped;
    const badge = field('brand');
    badge.textContent = brand ? brand.label : '';
    badge.dataset.brand = brand ? brand.name : 'unknown';
    field('cvc').maxLength = brand ? brand.cvc : 4;
    if (field('number-error').textContent) show('number', rules.number());
  });

  field('exp').addEventListener('input', event => {
    const input = field('exp');
    const d = input.value.replace(/\D/g, '').slice(0, 6);
    if (event.inputType !== 'deleteContentBackward' && d.length >= 2) input.value = `${d.slice(0, 2)} / ${d.slice(2)}`;
  });

  for (const id of Object.keys(rules)) {
    field(id).addEventListener('blur', () => { if (field(id).value) show(id, rules[id]()); });
  }

  // The portal sizes the frame to the form.
  // The body's own height: the document's scrollHeight never drops below the frame's, so the frame could only grow.
  const reportHeight = () => parent.postMessage({ type: 'vinr:card_form_height', height: document.body.getBoundingClientRect().height }, location.origin);
  new ResizeObserver(reportHeight).observe(document.body);

  const wipe = () => { for (const id of Object.keys(rules)) field(id).value = ''; };

  form.addEventListener('submit', async event => {
    event.preventDefault();
    showAlert('');
    const problems = Object.keys(rules).map(id => [id, rules[id]()]);
    problems.forEach(([id, message]) => show(id, message));
    const first = problems.find(([, message]) => message);
    if (first) { field(first[0]).focus(); return; }

    const button = field('submit');
    if (button.disabled) return; // a second click while the first is on its way does nothing
    button.disabled = true;
    button.textContent = text.adding;
    const exp = parseExpiry(field('exp').value);
    try {
      const response = await fetch('/portal/payment-methods', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'RequestVerificationToken': token },
        body: JSON.stringify({
          number: digits(field('number').value), exp_month: exp.month, exp_year: exp.year, cvc: field('cvc').value,
          name: field('name').value.trim(), postal_code: field('postal_code').value.trim(),
        }),
      });
      const body = await response.json().catch(() => ({}));
      if (response.ok) {
        wipe();
        if (body.status === 'requires_action') {
          // The card's bank asks the customer first: this frame goes to its challenge (on this origin); the card is
          // saved only once it succeeded, and the challenge hands its pm_ id to the portal as this form would have.
          const next = new URL(body.next_action.redirect_to_url.url, location.origin);
          if (next.origin === location.origin) location.assign(next.href);
          return;
        }
        parent.postMessage({ type: 'vinr:payment_method_added', id: body.payment_method.id }, location.origin);
        return;
      }
      const error = body.error || {};
      if (error.fields) Object.entries(error.fields).forEach(([id, message]) => show(id, message));
      showAlert(error.message || text.failed);
    } catch {
      showAlert(text.unreachable);
    } finally {
      button.disabled = false;
      button.textContent = text.submit;
    }
  });
})();
