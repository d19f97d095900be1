// Live totals for the social value calculator. The form works without this file: it only
// asks the calculator API for the total while the form is being filled in.
const form = document.querySelector("[data-calculator]");
const output = form && form.querySelector("[data-live-total]");

const pounds = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP" });

function payload() {
  const data = new FormData(form);
  const lines = [];
  for (let row = 0; data.has(`measure_${row}`); row += 1) {
    const measure = data.get(`measure_${row}`);
    const quantity = data.get(`quantity_${row}`);
    if (measure && quantity) lines.push({ measure, quantity });
  }
  const body = { contract_value: data.get("contract_value"), lines };
  for (const name of ["deadweight", "displacement", "attribution", "years", "drop_off", "discount_rate"]) {
    const value = data.get(name);
    if (value) body[name] = value;
  }
  return body;
}

let timer;
let latest = 0;

async function update() {
  const body = payload();
  const request = ++latest;
  if (body.lines.length === 0) {
    output.hidden = true;
    return;
  }
  try {
    const response = await fetch(form.dataset.apiUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (request !== latest) return;
    if (!response.ok) {
      output.textContent = "Check the highlighted answers, then select “Calculate social value”.";
      output.hidden = false;
      return;
    }
    const result = await response.json();
    const total = `Live total: ${pounds.format(Number(result.total))} of social value`;
    output.textContent =
      result.contract_value === null
        ? `${total}.`
        : `${total}, ${result.percent_of_contract}% of the contract value ` +
          `(£${result.value_per_pound} per £1).`;
    output.hidden = false;
  } catch {
    output.hidden = true;
  }
}

if (form && output) {
  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(update, 300);
  });
  form.addEventListener("change", () => {
    clearTimeout(timer);
    timer = setTimeout(update, 100);
  });
}
