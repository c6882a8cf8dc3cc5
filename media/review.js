// The review table of "Fix Missing Alt Text in Workspace". Runs in the webview; every change is
// sent to the extension at once, so Apply (button or command) always uses what the writer sees.
/* global acquireVsCodeApi */
(function () {
  const vscode = acquireVsCodeApi();
  const rows = JSON.parse(document.getElementById('review-data').textContent);
  const decisions = new Map();
  for (const row of rows) if (!row.error) decisions.set(row.id, { occurrenceId: row.id, accept: row.caption !== '', caption: row.caption });

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
    const accepted = [...decisions.values()].filter((d) => d.accept && d.caption.trim() !== '').length;
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

    const altCell = document.createElement('td');
    const acceptCell = document.createElement('td');
    if (row.error) {
      altCell.className = 'error';
      altCell.textContent = row.error;
      acceptCell.textContent = '—';
    } else {
      const input = document.createElement('input');
      input.type = 'text';
      input.value = row.caption;
      input.setAttribute('aria-label', `Alt text for ${row.src} in ${row.file} line ${row.line}`);
      const checkbox = document.createElement('input');
      checkbox.type = 'checkbox';
      checkbox.checked = decisions.get(row.id).accept;
      checkbox.setAttribute('aria-label', `Accept the alt text for ${row.src} in ${row.file} line ${row.line}`);
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
      altCell.appendChild(input);
      if (row.parts) altCell.appendChild(describeParts(row.parts));
      acceptCell.appendChild(checkbox);
      tr.classList.toggle('skipped', !checkbox.checked);
    }
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
