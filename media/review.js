// The review table of "Fix Missing Alt Text in Workspace". Runs in the webview; every change is
// sent to the extension at once, so Apply (button or command) always uses what the writer sees.
/* global acquireVsCodeApi */
(function () {
  const vscode = acquireVsCodeApi();
  const { rows, purposes } = JSON.parse(document.getElementById('review-data').textContent);
  const decisions = new Map();
  // Each row starts with its likely purpose and that purpose's suggestion (as the extension's defaults).
  for (const row of rows) {
    const suggestion = row.suggestions[row.purpose];
    decisions.set(row.id, {
      occurrenceId: row.id,
      purpose: row.purpose,
      caption: suggestion.alt,
      accept: suggestion.decorative || suggestion.alt.trim() !== '',
    });
  }
  const applies = (d) => d.accept && (d.purpose === 'decorative' || d.caption.trim() !== '');

  const tbody = document.getElementById('rows');
  const summary = document.getElementById('summary');
  const applyButton = document.getElementById('apply');

  function send(type) {
    vscode.postMessage({ type, decisions: [...decisions.values()] });
  }

  function describeCurrent(row) {
    if (row.state === 'missing') return row.currentAlt === '' ? 'empty alt' : 'no alt';
    if (row.state === 'placeholder') return `placeholder “${row.currentAlt}”`;
    return `${row.state} alt`;
  }

  // What the proposal was made of, under it: the generated caption and the text read in the image.
  function describeParts(parts) {
    const list = document.createElement('dl');
    list.className = 'parts muted';
    for (const [term, value] of [
      ['Caption', parts.caption],
      ['Text in image', parts.visibleText.split('\n').join(' / ')],
    ]) {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = value;
      list.append(dt, dd);
    }
    return list;
  }

  function render() {
    const files = new Set(rows.map((r) => r.file));
    const accepted = [...decisions.values()].filter(applies).length;
    const failed = rows.filter((r) => r.error).length;
    summary.textContent =
      `${rows.length} image${rows.length === 1 ? '' : 's'} in ${files.size} file${files.size === 1 ? '' : 's'}: ${accepted} accepted` +
      (failed ? `, ${failed} without a caption` : '');
    applyButton.textContent = `Apply ${accepted}`;
    applyButton.disabled = accepted === 0;
  }

  for (const row of rows) {
    const tr = document.createElement('tr');
    tr.dataset.id = String(row.id);

    const imageCell = document.createElement('td');
    imageCell.className = 'thumb';
    if (row.thumbnail) {
      const img = document.createElement('img');
      img.src = row.thumbnail;
      img.alt = '';
      img.loading = 'lazy';
      imageCell.appendChild(img);
    } else {
      imageCell.textContent = 'no preview';
      imageCell.classList.add('muted');
    }
    tr.appendChild(imageCell);

    const where = document.createElement('td');
    const link = document.createElement('a');
    link.href = '#';
    link.textContent = `${row.file}:${row.line}`;
    link.addEventListener('click', (e) => {
      e.preventDefault();
      vscode.postMessage({ type: 'open', id: row.id });
    });
    const src = document.createElement('div');
    src.className = 'muted src';
    src.textContent = row.src;
    const current = document.createElement('div');
    current.className = 'muted';
    current.textContent = describeCurrent(row);
    where.append(link, src, current);
    tr.appendChild(where);

    const purposeCell = document.createElement('td');
    const select = document.createElement('select');
    select.setAttribute('aria-label', `Purpose of ${row.src} in ${row.file} line ${row.line}`);
    for (const purpose of purposes) {
      const option = document.createElement('option');
      option.value = purpose.id;
      option.textContent = purpose.label;
      option.title = purpose.detail;
      select.appendChild(option);
    }
    select.value = row.purpose;
    const reason = document.createElement('div');
    reason.className = 'muted';
    reason.textContent = `Likely ${row.purpose}: ${row.purposeReason}`;
    purposeCell.append(select, reason);

    const altCell = document.createElement('td');
    const acceptCell = document.createElement('td');
    if (row.error) {
      const error = document.createElement('div');
      error.className = 'error';
      error.textContent = row.error;
      altCell.appendChild(error);
    }
    const input = document.createElement('input');
    input.type = 'text';
    input.setAttribute('aria-label', `Alt text for ${row.src} in ${row.file} line ${row.line}`);
    const hint = document.createElement('div');
    hint.className = 'muted hint';
    const parts = row.parts ? describeParts(row.parts) : undefined;
    const checkbox = document.createElement('input');
    checkbox.type = 'checkbox';
    checkbox.checked = decisions.get(row.id).accept;
    checkbox.setAttribute('aria-label', `Accept the alt text for ${row.src} in ${row.file} line ${row.line}`);

    // The field shows what the chosen purpose gives; a decorative image has no alt text to edit.
    function showPurpose() {
      const d = decisions.get(row.id);
      const decorative = d.purpose === 'decorative';
      input.disabled = decorative;
      input.value = decorative ? '' : d.caption;
      input.placeholder = decorative ? 'Marked decorative: screen readers skip it' : row.error ? 'Write the alt text' : '';
      hint.textContent = row.suggestions[d.purpose].hint ?? '';
      if (parts) parts.hidden = decorative;
    }
    select.addEventListener('change', () => {
      const d = decisions.get(row.id);
      const suggestion = row.suggestions[select.value];
      d.purpose = select.value;
      d.caption = suggestion.alt;
      // Choosing a purpose is a decision: take it, when it gives something to apply.
      d.accept = checkbox.checked = suggestion.decorative || suggestion.alt.trim() !== '';
      tr.classList.toggle('skipped', !d.accept);
      showPurpose();
      render();
      send('state');
    });
    input.addEventListener('input', () => {
      const d = decisions.get(row.id);
      d.caption = input.value;
      // Editing a caption means the writer wants it.
      if (input.value.trim() !== '' && !d.accept) d.accept = checkbox.checked = true;
      tr.classList.toggle('skipped', !d.accept);
      render();
      send('state');
    });
    checkbox.addEventListener('change', () => {
      decisions.get(row.id).accept = checkbox.checked;
      tr.classList.toggle('skipped', !checkbox.checked);
      render();
      send('state');
    });
    showPurpose();
    altCell.append(input, hint);
    if (parts) altCell.appendChild(parts);
    acceptCell.appendChild(checkbox);
    tr.classList.toggle('skipped', !checkbox.checked);
    tr.appendChild(purposeCell);
    tr.append(altCell, acceptCell);
    tbody.appendChild(tr);
  }

  function setAll(accept) {
    for (const tr of tbody.querySelectorAll('tr')) {
      const d = decisions.get(Number(tr.dataset.id));
      if (!d) continue;
      d.accept = accept;
      tr.querySelector('input[type=checkbox]').checked = accept;
      tr.classList.toggle('skipped', !accept);
    }
    render();
    send('state');
  }

  document.getElementById('accept-all').addEventListener('click', () => setAll(true));
  document.getElementById('skip-all').addEventListener('click', () => setAll(false));
  document.getElementById('cancel').addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));
  applyButton.addEventListener('click', () => send('apply'));
  render();
})();
