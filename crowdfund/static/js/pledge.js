// The pledge pages: the live quote, the card (Stripe.js confirmCardSetup) and 3-D Secure
// (confirmCardPayment). The server asks the processor what happened after each step.
"use strict";

document.documentElement.classList.add("js");

function liveQuote(form) {
  const target = document.getElementById("quote");
  const amount = form.querySelector("[name=amount]");
  const currency = form.querySelector("[name=currency]");
  let timer = null;
  let latest = 0;
  const refresh = () => {
    if (!amount.value.trim()) return;
    const ticket = ++latest;
    const query = new URLSearchParams({ amount: amount.value, currency: currency.value });
    fetch(`${form.dataset.quoteUrl}?${query}`, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
      .then((html) => {
        if (ticket === latest) target.innerHTML = html;
      })
      .catch(() => {});
  };
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  };
  amount.addEventListener("input", soon);
  currency.addEventListener("change", refresh);
}

function busy(form, yes) {
  form.querySelectorAll("button").forEach((button) => {
    button.disabled = yes;
  });
  form.setAttribute("aria-busy", yes ? "true" : "false");
}

function cardStep(form) {
  const stripe = Stripe(form.dataset.publishableKey);
  const card = stripe.elements().create("card");
  const errors = document.getElementById("card-errors");
  card.mount("#card-element");
  card.on("change", (event) => {
    errors.textContent = event && event.error ? event.error.message : "";
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    busy(form, true);
    errors.textContent = "";
    const result = await stripe.confirmCardSetup(form.dataset.clientSecret, {
      payment_method: { card },
    });
    if (result.error) {
      errors.textContent = result.error.message || String(result.error);
      busy(form, false);
      return;
    }
    form.submit();
  });
}

function authenticateStep(form) {
  const stripe = Stripe(form.dataset.publishableKey);
  let started = false;
  const authenticate = async () => {
    if (started) return;
    started = true;
    busy(form, true);
    // Whatever the bank answers, the server asks the processor and shows the outcome.
    await stripe.confirmCardPayment(form.dataset.clientSecret);
    form.submit();
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    authenticate();
  });
  if (form.dataset.autostart) authenticate();
}

document.addEventListener("DOMContentLoaded", () => {
  const pledgeForm = document.querySelector("form[data-quote-url]");
  if (pledgeForm) liveQuote(pledgeForm);
  const cardForm = document.getElementById("card-form");
  if (cardForm) cardStep(cardForm);
  const authenticateForm = document.getElementById("authenticate-form");
  if (authenticateForm) authenticateStep(authenticateForm);
});
