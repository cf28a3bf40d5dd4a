// The shop page: a thin client of the web server's API, nothing it could not do with curl.
const euros = (cents) => (cents / 100).toFixed(2) + ' EUR';
const customers = Array.from({ length: 20 }, (_, i) => `C-${1001 + i}`);
const names = new Map();

const customerSelect = document.getElementById('customer');
customers.forEach((id) => customerSelect.add(new Option(id, id)));

// Who the customer is, as the ERP knows them: one call through Lattice per customer picked.
const customerName = document.getElementById('customer-name');
async function showCustomer() {
  const id = customerSelect.value;
  customerName.textContent = '';
  const response = await fetch('/api/customers/' + encodeURIComponent(id));
  const body = await response.json();
  if (customerSelect.value === id) {
    customerName.textContent = response.ok ? `${body.name} (${body.tier})` : body.detail || body.title;
  }
}
customerSelect.addEventListener('change', showCustomer);
showCustomer();

// The catalog the order processor prices from: names, unit prices, per-order limits.
const skuGrid = document.getElementById('skus');
fetch('/api/catalog').then((response) => response.json()).then((products) => {
  products.forEach((product) => {
    names.set(product.sku, product.name);
    const label = document.createElement('label');
    label.textContent = `${product.name} (${product.sku}), ${euros(product.unitPrice)}`;
    label.title = `at most ${product.maxPerOrder} per order`;
    const quantity = document.createElement('input');
    Object.assign(quantity, { type: 'number', min: 0, max: 1000, value: 0, name: product.sku });
    label.append(quantity);
    skuGrid.append(label);
  });
});

// crypto.randomUUID needs a secure context; the shop is also served over plain HTTP.
const newKey = () => Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(16)).join('-');


function show(title, ok, body) {
  const heading = document.getElementById('outcome-title');
  heading.hidden = false;
  heading.textContent = title;
  heading.className = ok ? 'ok' : 'refused';
  const lines = document.getElementById('lines');
  lines.replaceChildren();
  if (body && Array.isArray(body.lines) && body.lines.length) {
    const table = document.createElement('table');
    table.innerHTML = '<tr><th>Product</th><th>Qty</th><th>Unit</th><th>Total</th></tr>';
    body.lines.forEach((line) => {
      const row = table.insertRow();
      [names.get(line.sku) || line.sku, line.quantity, euros(line.unitPrice), euros(line.lineTotal)]
        .forEach((value) => { row.insertCell().textContent = value; });
    });
    const total = table.insertRow();
    ['Discount', '', '', '-' + euros(body.discount)].forEach((v) => { total.insertCell().textContent = v; });
    const grand = table.insertRow();
    ['Total', '', '', euros(body.total)].forEach((v) => { grand.insertCell().textContent = v; });
    lines.append(table);
  }
  const raw = document.getElementById('outcome');
  raw.hidden = false;
  raw.textContent = JSON.stringify(body, null, 2);
}

// One Idempotency-Key per order attempt: a double click, or a resend after an answer that
// never arrived, replays the same order instead of placing a second one. Changing the
// order, or a definite answer (2xx, 4xx), starts a new attempt.
const form = document.getElementById('order');
const placeButton = form.querySelector('button[type=submit]');
let attemptKey = null;
form.addEventListener('input', () => { attemptKey = null; });

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const items = [...skuGrid.querySelectorAll('input')]
    .filter((input) => Number(input.value) > 0)
    .map((input) => ({ sku: input.name, quantity: Number(input.value) }));
  attemptKey ??= newKey();
  placeButton.disabled = true;
  try {
    const response = await fetch('/api/orders', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': attemptKey },
      body: JSON.stringify({ customerId: customerSelect.value, items }),
    });
    if (response.status < 500) {
      attemptKey = null;
    }
    const body = await response.json();
    if (response.status === 201) {
      show(`Order ${body.id} accepted for ${body.customerName} (${body.customerTier})`, true, body);
      offerInvoice(body.id);
    } else {
      show(`${response.status} ${body.title}: ${body.detail}`, false, body);
    }
  } catch (error) {
    show(`No answer (${error.message}): placing the order again resends the same one`, false, null);
  } finally {
    placeButton.disabled = false;
  }
});

// The invoice comes from the ERP, which reads the order back from this web server: the
// web server calls the ERP and the ERP calls the web server, both through Lattice.
const invoiceButton = document.getElementById('invoice');
const invoiceView = document.getElementById('invoice-view');
let invoiceOrder = null;

function offerInvoice(orderId) {
  invoiceOrder = orderId;
  invoiceButton.hidden = false;
  invoiceView.hidden = true;
}

invoiceButton.addEventListener('click', async () => {
  invoiceButton.disabled = true;
  try {
    const response = await fetch(`/api/orders/${encodeURIComponent(invoiceOrder)}/invoice`);
    const body = await response.json();
    invoiceView.hidden = false;
    invoiceView.replaceChildren();
    const title = document.createElement('h3');
    if (!response.ok) {
      title.textContent = `${response.status} ${body.title}: ${body.detail}`;
      title.className = 'refused';
      invoiceView.append(title);
      return;
    }
    title.textContent = `Invoice for ${body.orderId}, billed to ${body.customer.name}`;
    const table = document.createElement('table');
    table.id = 'invoice-table';
    [['Net', euros(body.net)], [`Tax (${Number(body.taxRate) * 100}%)`, euros(body.tax)], ['Total', euros(body.total)]]
      .forEach(([name, value]) => {
        const row = table.insertRow();
        row.insertCell().textContent = name;
        row.insertCell().textContent = value;
      });
    invoiceView.append(title, table);
  } finally {
    invoiceButton.disabled = false;
  }
});

document.getElementById('history').addEventListener('click', async () => {
  const response = await fetch('/api/orders?customerId=' + encodeURIComponent(customerSelect.value));
  const orders = await response.json();
  // One page (the API's default, 20); a Link header says older orders remain.
  const more = response.headers.has('Link') ? ', older ones not shown' : '';
  show(`${orders.length} order(s) for ${customerSelect.value}, newest first${more}`, response.ok, orders);
});
