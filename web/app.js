// The county upload page: plain JavaScript, no framework, no build step. Talks to /api on its own origin with a bearer
// token from the sign-in (authorization code + PKCE with oidc-client-ts, vendor/oidc-client-ts.min.js, against the
// issuer named in signin.json: the local provider, or Entra ID in Azure).
'use strict';

(function () {
  const FUNCTION_KEY = 'cadre.functionKey';

  const FORM_TITLES = {
    'areas': '村级区划名册',
    'township-leaders': '乡镇领导班子成员名册',
    'township-pay': '乡镇工作人员收入对比',
    'promotions': '乡镇干部提拔重用情况',
    'village-secretaries': '村党组织书记名册',
    'secretary-adjustments': '不适应不胜任村党组织书记调整情况',
    'resident-cadres': '驻村第一书记和工作队员名册',
    'selected-graduates': '选调生到村任职名册',
    'party-development': '村级发展党员情况',
    'entrepreneurship': '党员致富带富情况',
  };

  const FIELD_NAMES = {
    county: '县(市、区)', township: '乡镇', townshipCode: '乡镇代码', village: '村', villageCode: '村代码',
    keyVillage: '重点村', relocationHeavy: '移民搬迁任务较重', name: '姓名', idNumber: '身份证号', birthDate: '出生年月',
    position: '职务', appointedOn: '任职时间', townshipExperience: '乡镇工作经历', countyLeaderConcurrent: '县级领导兼任',
    fiveAspects: '五方面人员类别', townshipIncome: '乡镇工作人员月均收入', agencyIncome: '同职级机关人员月均收入',
    subsidyPaid: '乡镇补贴落实', fromPosition: '原任职务', promotionType: '提拔重用类型', promotedOn: '提拔重用时间',
    sex: '性别', ethnicity: '民族', education: '学历', partyJoinedOn: '入党时间', term: '届次', status: '任职状态',
    concurrentDirector: '一肩挑', tripleRole: '一肩三挑', wealthLeader: '致富带头人', countyFiled: '县级备案',
    reason: '调整原因', adjustedOn: '调整时间', role: '身份', dispatchLevel: '选派层级', sendingUnit: '派出单位',
    startDate: '派驻时间', endDate: '期满时间', recruitedYear: '录用年度', villageStart: '到村时间',
    villageMonths: '在村工作期限（月）', year: '年度', newMembers: '发展党员数', newTalent: '其中优秀人才',
    newWealthLeaders: '其中致富带头人', doubleLeadFund: '党员"双带"致富资金', startupFunds: '发放创业资金',
    bases: '党员创业基地（个）', peopleSupported: '带动扶持创业（人）', redFund: '党员红色发展基金',
    familyFarms: '党员领办协办家庭农场（家）', cooperatives: '党员领办协办专业合作组织（家）',
  };

  const UNIT_NAMES = { persons: ' 人', yuan: ' 元', years: ' 岁', village: ' 个村', count: '' };

  const STATUS_NAMES = {
    received: '已接收，处理中', validated: '已校验', rejected: '已退回', aggregated: '已入库汇总',
    failed: '处理失败', unchanged: '内容与已报送文件相同',
  };

  const $ = (id) => document.getElementById(id);
  const state = { access: null, user: null, users: null, file: null, lastReport: null, historyCall: 0, cityCall: 0 };

  // ---- sign-in ------------------------------------------------------------------------------------------------

  // The page's own address is its redirect URI: http://127.0.0.1:PORT/ under cadre serve, https://APP/api/ui/ in Azure.
  function pageAddress() {
    return location.origin + location.pathname;
  }

  async function createUserManager() {
    const config = await (await fetch('signin.json', { cache: 'no-store' })).json();
    return new oidc.UserManager({
      authority: config.authority,
      client_id: config.clientId,
      scope: config.scope,
      redirect_uri: pageAddress(),
      post_logout_redirect_uri: pageAddress(),
      response_type: 'code',
      loadUserInfo: false,
      automaticSilentRenew: false,
      userStore: new oidc.WebStorageStateStore({ store: sessionStorage }),
    });
  }

  // ---- HTTP ---------------------------------------------------------------------------------------------------

  function headers() {
    const h = {};
    if (state.user) h.Authorization = 'Bearer ' + state.user.access_token;
    const key = sessionStorage.getItem(FUNCTION_KEY);
    if (key) h['x-functions-key'] = key;
    return h;
  }

  async function api(path, options) {
    const response = await fetch('/api/' + path, Object.assign({ headers: headers(), cache: 'no-store' }, options || {}));
    let body = null;
    const type = response.headers.get('content-type') || '';
    if (type.includes('json')) body = await response.json();
    if (response.status === 401) {
      await forgetUser();
      showLogin(body && body.message ? body.message : '登录已失效，请重新登录');
    }
    return { status: response.status, ok: response.ok, body, response };
  }

  function errorText(result) {
    if (result.body && result.body.message) return result.body.message;
    if (result.status === 403) return '无权访问';
    return '请求失败（HTTP ' + result.status + '）';
  }

  // ---- small DOM helpers --------------------------------------------------------------------------------------

  function el(tag, attrs, children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined) continue;
      if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
    }
    for (const c of children || []) e.append(c);
    return e;
  }

  function cell(label, text, cls) {
    return el('td', { 'data-label': label, class: cls || null, text: text === null || text === undefined ? '' : String(text) });
  }

  function badge(text, kind) {
    return el('span', { class: 'badge ' + kind, text });
  }

  function formatTime(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    if (isNaN(d)) return iso;
    const p = (n) => String(n).padStart(2, '0');
    return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + ' ' + p(d.getHours()) + ':' + p(d.getMinutes());
  }

  function columnIndex(cellRef) {
    const m = /^([A-Z]+)/.exec(cellRef || '');
    if (!m) return 0;
    let n = 0;
    for (const ch of m[1]) n = n * 26 + (ch.charCodeAt(0) - 64);
    return n;
  }

  // Stored uploads are named {yyyyMMddTHHmmssfffZ}-{file name}; show the name as the clerk chose it.
  function displayName(name) {
    return (name || '').replace(/^\d{8}T\d{9}Z-/, '');
  }

  function setStatus(text, kind) {
    const s = $('status');
    s.textContent = text;
    s.className = 'status' + (kind ? ' ' + kind : '');
  }

  // ---- who is signed in ---------------------------------------------------------------------------------------

  // Forget everything the previous user saw, so that the next person at this browser sees none of it.
  function clearViews() {
    state.file = null;
    state.lastReport = null;
    $('file-name').textContent = '';
    $('upload-btn').disabled = true;
    $('report').hidden = true;
    $('findings-table').tBodies[0].replaceChildren();
    $('sheets-table').tBodies[0].replaceChildren();
    $('history-table').tBodies[0].replaceChildren();
    $('completeness-table').tHead.replaceChildren();
    $('completeness-table').tBodies[0].replaceChildren();
    $('indicators-table').tBodies[0].replaceChildren();
    delete $('history-table').dataset.for;
    delete $('city-view').dataset.period;
    $('city-status').textContent = '';
    $('city-status').className = 'status';
    setStatus('');
  }

  async function forgetUser() {
    state.user = null;
    if (state.users) await state.users.removeUser();
  }

  function showLogin(message) {
    state.access = null;
    state.historyCall++;
    state.cityCall++;
    clearViews();
    $('login').hidden = false;
    $('tabs').hidden = true;
    $('county-view').hidden = true;
    $('city-view').hidden = true;
    $('who').hidden = true;
    const err = $('login-error');
    err.hidden = !message;
    err.textContent = message || '';
    $('login-btn').focus();
  }

  // After the issuer sent the browser back: who the API says the user is (role and area), and the page for that role.
  async function signIn() {
    const result = await api('access');
    if (!result.ok) {
      if (result.status !== 401) {
        await forgetUser();
        showLogin(errorText(result));
      }
      return;
    }

    if (result.body.role === 'operator') {
      // An operator reruns submissions and recalculations (API and ./cadre); it reads no county's data.
      await forgetUser();
      showLogin('运维人员不能使用上传页面，请使用县(市、区)、市级或省级账号登录');
      return;
    }

    state.access = result.body;
    $('login').hidden = true;
    $('login-error').hidden = true;
    $('who').hidden = false;
    const name = (state.user.profile && state.user.profile.name) || result.body.subject;
    $('who-name').textContent = name + '（' + result.body.areaNameZh + '）';
    $('who-role').textContent = result.body.roleZh;
    $('who-role').dataset.role = result.body.role;
    const select = $('county');
    select.replaceChildren(...result.body.counties.map((c) => el('option', { value: c.code, text: c.nameZh + '（' + c.code + '）' })));
    select.disabled = result.body.counties.length <= 1;
    if (result.body.county) select.value = result.body.county;
    $('upload-area').hidden = !result.body.canUpload;
    $('upload-disabled').hidden = result.body.canUpload;
    $('tabs').hidden = false;
    $('tab-city').hidden = !result.body.isCity;
    showTab(result.body.isCity ? 'city' : 'county');
  }

  // Signing out clears every county's data from the page first, then ends the session at the issuer.
  async function signOut() {
    const idToken = state.user && state.user.id_token;
    clearViews();
    await forgetUser();
    showLogin('');
    await state.users.signoutRedirect({ id_token_hint: idToken });
  }

  function showTab(name) {
    for (const t of document.querySelectorAll('.tab')) t.classList.toggle('active', t.dataset.tab === name);
    $('county-view').hidden = name !== 'county';
    $('city-view').hidden = name !== 'city';
    if (name === 'county') loadHistory(); else loadCity();
  }

  // ---- template -----------------------------------------------------------------------------------------------

  async function downloadTemplate() {
    const county = $('county').value;
    const period = $('period').value;
    const response = await fetch('/api/template?county=' + encodeURIComponent(county) + '&period=' + encodeURIComponent(period), { headers: headers() });
    if (!response.ok) {
      let message = '模板下载失败（HTTP ' + response.status + '）';
      try { message = (await response.json()).message || message; } catch (e) { /* not JSON */ }
      setStatus(message, 'bad');
      return;
    }

    const option = $('county').selectedOptions[0];
    const name = (option ? option.textContent.replace(/（.*/, '') : county) + period + '年报表模板.xlsx';
    saveBlob(await response.blob(), name);
  }

  function saveBlob(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  // ---- upload -------------------------------------------------------------------------------------------------

  function chooseFile(file) {
    if (!file) return;
    if (!/\.(xlsx|xls|csv)$/i.test(file.name)) {
      state.file = null;
      $('file-name').textContent = '';
      $('upload-btn').disabled = true;
      setStatus('只接受 .xlsx、.xls 或 .csv 文件', 'bad');
      return;
    }

    state.file = file;
    $('file-name').textContent = file.name + '（' + Math.max(1, Math.round(file.size / 1024)) + ' KB）';
    $('upload-btn').disabled = false;
    setStatus('');
  }

  async function upload() {
    if (!state.file) return;
    const county = $('county').value;
    const period = $('period').value;
    const form = new FormData();
    form.append('file', state.file, state.file.name);
    $('upload-btn').disabled = true;
    $('report').hidden = true;
    setStatus('正在上传并校验「' + state.file.name + '」，请稍候…', 'busy');
    try {
      let result = await api('submissions/' + encodeURIComponent(county) + '/' + encodeURIComponent(period), { method: 'POST', body: form });
      if (result.status === 202) result = await waitForProcessing(result.body.submissionId);
      if (!result.ok && result.body && result.body.report) {
        renderReport(result.body.report, result.body);
        setStatus('校验已完成，但入库时出错（处理失败）。请稍后重新上传，或联系管理员重试。', 'bad');
        loadHistory();
        return;
      }

      if (!result.ok) {
        setStatus('上传失败：' + errorText(result), 'bad');
        return;
      }

      const receipt = result.body;
      const report = receipt.report;
      const status = STATUS_NAMES[receipt.status] || receipt.status;
      if (report) {
        renderReport(report, receipt);
        const accepted = receipt.submission ? '（已接受 ' + receipt.submission.rowsAccepted + ' 行）' : '';
        setStatus(report.valid
          ? '校验完成：' + status + '，未发现错误' + accepted + '。'
          : '校验完成：' + status + '。有错误的行未被接受' + accepted + '，请按下方问题清单修改后重新上传。', report.valid ? 'done' : 'bad');
      } else {
        setStatus('已接收：' + status, 'done');
      }

      loadHistory();
    } catch (e) {
      setStatus('上传失败：网络错误，请重试', 'bad');
    } finally {
      $('upload-btn').disabled = !state.file;
    }
  }

  // The Functions app answers 202 and processes in the background; ask the ledger until the report is there.
  async function waitForProcessing(id) {
    for (let i = 0; i < 60; i++) {
      setStatus('已接收，正在后台校验…（' + (i + 1) + '）', 'busy');
      await new Promise((r) => setTimeout(r, 2000));
      const r = await api('submissions/' + encodeURIComponent(id));
      if (r.ok && r.body.submission.status !== 'received') {
        return { ok: true, status: 200, body: { submissionId: id, status: r.body.submission.status, submission: r.body.submission, report: r.body.report } };
      }
    }

    return { ok: false, status: 504, body: { message: '处理超时，请稍后在报送记录中查看结果' } };
  }

  function renderReport(report, receipt) {
    state.lastReport = report;
    $('report').hidden = false;
    const errors = [];
    const warnings = [];
    const all = (report.fileFindings || []).concat(...(report.sheets || []).map((s) => s.findings || []));
    for (const f of all) (f.severity === 'error' ? errors : warnings).push(f);
    const summary = $('report-summary');
    summary.replaceChildren(
      document.createTextNode('文件「' + displayName(report.file) + '」：'),
      report.valid ? badge('通过', 'good') : badge('有错误', 'error'),
      document.createTextNode(' 错误 ' + errors.length + ' 处，警告 ' + warnings.length + ' 处。'
        + (receipt && receipt.submission ? ' 接受 ' + receipt.submission.rowsAccepted + ' 行。' : '')));

    const sheets = $('sheets-table').tBodies[0];
    sheets.replaceChildren(...(report.sheets || []).map((s) => {
      const e = (s.findings || []).filter((f) => f.severity === 'error').length;
      const w = (s.findings || []).length - e;
      return el('tr', { 'data-sheet': s.sheet }, [
        cell('工作表', displayName(s.sheet)),
        cell('识别为', s.form ? (FORM_TITLES[s.form] || s.form) : '未识别'),
        cell('读取行数', s.rowsRead, 'num'),
        cell('接受行数', s.rowsAccepted, 'num'),
        cell('错误', e, 'num'),
        cell('警告', w, 'num'),
      ]);
    }));

    const sheetOrder = new Map((report.sheets || []).map((s, i) => [s.sheet, i]));
    const ordered = errors.concat(warnings).map((f, i) => ({ f, i })).sort((a, b) =>
      (a.f.severity === b.f.severity ? 0 : a.f.severity === 'error' ? -1 : 1)
      || ((a.f.sheet === undefined ? -1 : sheetOrder.get(a.f.sheet) ?? 0) - (b.f.sheet === undefined ? -1 : sheetOrder.get(b.f.sheet) ?? 0))
      || ((a.f.row || 0) - (b.f.row || 0))
      || (columnIndex(a.f.cell) - columnIndex(b.f.cell))
      || (a.i - b.i)).map((x) => x.f);
    $('findings-count').textContent = ordered.length ? '（' + ordered.length + '）' : '';
    $('no-findings').hidden = ordered.length > 0;
    $('findings-table').hidden = ordered.length === 0;
    const body = $('findings-table').tBodies[0];
    body.replaceChildren(...ordered.map((f) => {
      const level = el('td', { 'data-label': '级别' }, [f.severity === 'error' ? badge('错误', 'error') : badge('警告', 'warning')]);
      const code = el('td', { 'data-label': '代码' }, [el('code', { text: f.code })]);
      return el('tr', { class: f.severity, 'data-code': f.code, 'data-cell': f.cell || '' }, [
        level,
        cell('工作表', f.sheet ? displayName(f.sheet) : '（整个文件）'),
        cell('单元格', f.cell || ''),
        cell('字段', f.field ? (FIELD_NAMES[f.field] || f.field) : ''),
        cell('值', f.value || ''),
        cell('说明', f.message),
        code,
      ]);
    }));
  }

  function downloadReport() {
    if (!state.lastReport) return;
    const blob = new Blob([JSON.stringify(state.lastReport, null, 2)], { type: 'application/json' });
    saveBlob(blob, state.lastReport.county + '-' + state.lastReport.period + '-校验报告.json');
  }

  // ---- history ------------------------------------------------------------------------------------------------

  async function loadHistory() {
    const county = $('county').value;
    const period = $('period').value;
    if (!county) return;
    const call = ++state.historyCall;
    const result = await api('submissions?county=' + encodeURIComponent(county) + '&period=' + encodeURIComponent(period));
    if (call !== state.historyCall) return; // a newer request (another county or period) is under way
    $('history-table').dataset.for = county + '/' + period;
    const body = $('history-table').tBodies[0];
    if (!result.ok) {
      $('history-table').hidden = false;
      body.replaceChildren(el('tr', {}, [el('td', { colspan: '7', class: 'error', text: errorText(result) })]));
      return;
    }

    $('history-empty').hidden = result.body.length > 0;
    $('history-table').hidden = result.body.length === 0;
    body.replaceChildren(...result.body.map((d) => {
      const partly = (d.forms || []).some((f) => f.supersededBy);
      const superseded = d.supersededBy
        ? badge('已被替代', 'muted')
        : partly ? badge('部分被替代', 'muted')
          : d.status === 'aggregated' || d.status === 'validated' ? badge('当前有效', 'good') : document.createTextNode('');
      const statusKind = d.status === 'rejected' || d.status === 'failed' ? 'error' : d.status === 'received' ? 'warning' : 'good';
      return el('tr', { 'data-id': d.id, 'data-status': d.status, 'data-superseded': d.supersededBy ? 'true' : 'false' }, [
        cell('接收时间', formatTime(d.receivedAtUtc)),
        cell('文件', displayName(d.fileName)),
        el('td', { 'data-label': '状态' }, [badge(STATUS_NAMES[d.status] || d.status, statusKind)]),
        cell('接受行数', d.rowsAccepted, 'num'),
        cell('错误', d.errors, 'num'),
        cell('警告', d.warnings, 'num'),
        el('td', { 'data-label': '是否被替代' }, [superseded]),
      ]);
    }));
  }

  // ---- city view ----------------------------------------------------------------------------------------------

  async function loadCity() {
    const period = $('city-period').value;
    const call = ++state.cityCall;
    const [completeness, indicators] = await Promise.all([
      api('completeness?period=' + encodeURIComponent(period)),
      api('indicators?period=' + encodeURIComponent(period) + '&area=640300'),
    ]);
    if (call !== state.cityCall) return; // a newer request (another period) is under way
    $('city-view').dataset.period = period;
    renderCompleteness(completeness);
    renderIndicators(indicators);
  }

  async function recalculate() {
    const period = $('city-period').value;
    const s = $('city-status');
    $('city-recalc').disabled = true;
    s.className = 'status busy';
    s.textContent = '正在重新计算 ' + period + ' 年度的全市指标…';
    try {
      const r = await api('recalculate?period=' + encodeURIComponent(period), { method: 'POST' });
      if (r.ok) {
        s.className = 'status done';
        s.textContent = '已重新计算 ' + period + ' 年度的指标。';
      } else {
        s.className = 'status bad';
        s.textContent = r.status === 409 ? '该年度的重算正在进行，请稍后刷新。' : '重新计算失败：' + errorText(r);
      }
      await loadCity();
    } finally {
      $('city-recalc').disabled = false;
    }
  }

  function renderCompleteness(result) {
    const table = $('completeness-table');
    if (!result.ok) {
      table.tHead.replaceChildren();
      table.tBodies[0].replaceChildren(el('tr', {}, [el('td', { class: 'error', text: errorText(result) })]));
      return;
    }

    const names = new Map(((state.access && state.access.counties) || []).map((c) => [c.code, c.nameZh]));
    const forms = [...new Set(result.body.map((c) => c.form))];
    const counties = [...new Set(result.body.map((c) => c.countyCode))];
    table.tHead.replaceChildren(el('tr', {}, [el('th', { text: '县(市、区)' }), ...forms.map((f) => el('th', { text: FORM_TITLES[f] || f, title: f }))]));
    table.tBodies[0].replaceChildren(...counties.map((county) => el('tr', { 'data-county': county }, [
      el('td', { text: names.get(county) || county }),
      ...forms.map((form) => {
        const c = result.body.find((x) => x.countyCode === county && x.form === form);
        const mark = !c || !c.submitted ? '—' : c.onTime ? '✓ 按期' : '逾期';
        const title = !c || !c.submitted ? '未报送' : (c.onTime ? '按期报送' : '逾期报送');
        const kind = !c || !c.submitted ? 'missing' : c.onTime ? 'on-time' : 'late';
        const td = el('td', { title, class: kind, 'data-form': form, 'data-submitted': c && c.submitted ? 'true' : 'false' }, [document.createTextNode(mark)]);
        if (c && c.lastSubmissionAtUtc) td.append(el('small', { text: formatTime(c.lastSubmissionAtUtc) }));
        return td;
      }),
    ])));
  }

  function renderIndicators(result) {
    const body = $('indicators-table').tBodies[0];
    if (!result.ok) {
      body.replaceChildren(el('tr', {}, [el('td', { colspan: '7', class: 'error', text: errorText(result) })]));
      return;
    }

    $('indicators-empty').hidden = result.body.length > 0;
    const fmt = (v, digits) => (v === null || v === undefined ? '' : Number(v).toLocaleString('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: digits }));
    // Percent values keep one decimal (stored at full precision; rounded only here); counts and amounts none.
    const withUnit = (v, unit) => {
      if (v === null || v === undefined) return '';
      if (unit === 'percent') return Number(v).toFixed(1) + '%';
      if (unit === 'percentage-points') return (v > 0 ? '+' : '') + Number(v).toFixed(1) + ' 个百分点';
      return fmt(v, 1) + (UNIT_NAMES[unit] || '');
    };
    const changeUnit = (unit) => (unit === 'percent' ? 'percentage-points' : unit);
    body.replaceChildren(...result.body.map((v) => el('tr', { 'data-indicator': v.indicatorId }, [
      el('td', { 'data-label': '指标' }, [document.createTextNode(v.nameZh || v.indicatorId), el('small', { class: 'id', text: ' ' + v.indicatorId })]),
      cell('数值', withUnit(v.value, v.unit), 'num'),
      cell('分子', fmt(v.numerator, 2), 'num'),
      cell('分母', fmt(v.denominator, 2), 'num'),
      cell('目标', v.targetValue === null || v.targetValue === undefined ? '' : withUnit(v.targetValue, v.unit) + (v.meetsTarget ? ' ✓ 达标' : v.meetsTarget === false ? ' ✗ 未达标' : ''), 'num'),
      cell('较上届', v.change === null || v.change === undefined ? '' : (v.change > 0 && v.unit !== 'percent' ? '+' : '') + withUnit(v.change, changeUnit(v.unit)), 'num'),
      cell('计算时间', formatTime(v.computedAtUtc)),
    ])));
  }

  // ---- wiring -------------------------------------------------------------------------------------------------

  async function init() {
    const params = new URLSearchParams(location.search);
    state.users = await createUserManager();
    if (params.get('code') && params.get('state')) {
      // The issuer sent the browser back with an authorization code: exchange it (PKCE), then drop it from the address bar.
      try {
        state.user = await state.users.signinRedirectCallback();
      } catch (e) {
        showLogin('登录未完成，请重试');
      }
      for (const p of ['code', 'state', 'session_state', 'iss']) params.delete(p);
      history.replaceState(null, '', location.pathname + (params.toString() ? '?' + params : ''));
    } else if (params.get('code')) {
      // A Functions deployment hands out the page link with ?code=FUNCTION_KEY; keep it for the API calls and drop it from the address bar.
      sessionStorage.setItem(FUNCTION_KEY, params.get('code'));
      params.delete('code');
      history.replaceState(null, '', location.pathname + (params.toString() ? '?' + params : ''));
    }

    const defaultPeriod = params.get('period') || String(new Date().getFullYear() - 1);
    $('period').value = defaultPeriod;
    $('city-period').value = defaultPeriod;

    // prompt=login: the issuer asks for the account every time, so a shared office computer never signs in as the last person.
    $('login-btn').addEventListener('click', () => state.users.signinRedirect({ prompt: 'login' }));
    $('logout').addEventListener('click', signOut);
    for (const t of document.querySelectorAll('.tab')) t.addEventListener('click', () => showTab(t.dataset.tab));
    $('template-btn').addEventListener('click', downloadTemplate);
    $('upload-btn').addEventListener('click', upload);
    $('report-json').addEventListener('click', downloadReport);
    $('history-refresh').addEventListener('click', loadHistory);
    $('county').addEventListener('change', loadHistory);
    $('period').addEventListener('change', loadHistory);
    $('city-refresh').addEventListener('click', loadCity);
    $('city-recalc').addEventListener('click', recalculate);
    $('city-period').addEventListener('change', loadCity);
    $('file').addEventListener('change', (e) => {
      chooseFile(e.target.files[0]);
      e.target.value = ''; // so that picking the same file again, after editing it, is noticed
    });

    const drop = $('drop');
    drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (e) => {
      e.preventDefault();
      drop.classList.remove('over');
      if (e.dataTransfer && e.dataTransfer.files.length) chooseFile(e.dataTransfer.files[0]);
    });
    drop.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); $('file').click(); } });

    if (!state.user) {
      const stored = await state.users.getUser();
      state.user = stored && !stored.expired ? stored : null;
    }
    if (state.user) signIn(); else showLogin('');
  }

  init();
})();
