// The console's stylesheet, inlined with the response's nonce (the CSP allows no other style).
// Mobile first: one column at 375 px, tables scroll inside their own box, never the page.
export const CONSOLE_CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f6f7f9;line-height:1.45}
a{color:#0b57d0}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:9}
header.top{background:#14213d;color:#fff;padding:8px 16px;display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center}
header.top a{color:#fff}
header.top .brand{font-weight:700;text-decoration:none;margin-right:auto}
nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 12px}
nav a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
header.top form{display:inline}
header.top button{background:none;border:1px solid #fff;color:#fff;border-radius:4px;padding:2px 8px;cursor:pointer}
main{max-width:1100px;margin:0 auto;padding:16px}
h1{font-size:1.5rem;margin:8px 0 16px}
h2{font-size:1.15rem;margin:24px 0 8px}
.card{background:#fff;border:1px solid #d9dde3;border-radius:8px;padding:16px;margin-bottom:16px}
.narrow{max-width:420px;margin:40px auto}
label{display:block;font-weight:600;margin:8px 0 4px}
input,select{font:inherit;padding:6px 8px;border:1px solid #8a919c;border-radius:4px;max-width:100%}
input[type=email],input[type=password],input[type=text]{width:100%}
button,.button{font:inherit;background:#0b57d0;color:#fff;border:0;border-radius:4px;padding:8px 14px;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#fff;color:#0b57d0;border:1px solid #0b57d0}
button.danger{background:#b3261e}
.error{background:#fdecea;border:1px solid #b3261e;color:#6b1510;padding:8px 12px;border-radius:4px}
.notice{background:#e8f0fe;border:1px solid #0b57d0;padding:8px 12px;border-radius:4px;overflow-wrap:anywhere}
fieldset{border:1px solid #d9dde3;border-radius:4px;margin:0;padding:8px}
legend{font-weight:600}
.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:8px 16px;align-items:end}
.filters .checks label{display:inline-block;font-weight:400;margin:2px 8px 2px 0}
.table{overflow-x:auto}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e3e6ea;vertical-align:top}
th{font-size:.9rem;color:#3c4043}
.pager{display:flex;gap:12px;align-items:center;flex-wrap:wrap;margin-top:8px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}
dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
ol.timeline{padding-left:20px}
.inline{display:inline-flex;gap:4px;align-items:center;flex-wrap:wrap}
.muted{color:#5f6368}
@media (max-width:600px){dl{grid-template-columns:1fr}main{padding:8px}}
.subnav ul{list-style:none;margin:0 0 16px;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px}
.subnav a[aria-current=page]{font-weight:700}
.badge{display:inline-block;padding:0 8px;border-radius:10px;border:1px solid;font-size:.85rem;font-weight:600;white-space:nowrap}
.badge-created{color:#3c4043;background:#f1f3f4}
.badge-pending{color:#6b4000;background:#fff4d6}
.badge-processing{color:#0b3d91;background:#e3ecfd}
.badge-confirmed{color:#0d5b26;background:#e2f5e7}
.badge-failed{color:#8c1d18;background:#fdecea}
td.num{text-align:right;white-space:nowrap}
code.excerpt{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.85rem}
article.callback{border-top:1px solid #e3e6ea;padding-top:8px;margin-top:8px}
article.callback h3{font-size:1rem;margin:4px 0 8px}
article.callback form{margin-top:8px}
/* offer and template editor (offer-form-view.ts) */
.editor fieldset{margin:0 0 16px}
.editor .grid,.card .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:0 16px}
.field{min-width:0}
.field input,.field select,.field textarea{width:100%}
textarea{font:inherit;padding:6px 8px;border:1px solid #8a919c;border-radius:4px;max-width:100%}
fieldset.line{margin:8px 0 12px;background:#fafbfc}
.editor .row{margin-bottom:8px}
.editor button.secondary,.card form button{margin-top:8px}
.field-error{color:#6b1510;font-weight:600;margin:4px 0 0}
[aria-invalid=true]{border:2px solid #b3261e}
.hint{margin:2px 0 0;font-size:.9rem}
.default-submit{position:absolute;left:-9999px;width:1px;height:1px;overflow:hidden}
.buttons{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;margin-top:8px}
.links{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center}
ul.recipients{list-style:none;padding:0;margin:0 0 8px}
ul.recipients li{display:flex;flex-wrap:wrap;gap:4px 12px;align-items:center;justify-content:space-between;padding:6px 0;border-bottom:1px solid #e3e6ea;overflow-wrap:anywhere}
ul.recipients li span{min-width:0}
textarea{font:inherit;width:100%;padding:6px 8px;border:1px solid #8a919c;border-radius:4px}
.card h3{font-size:1.05rem;margin:0 0 8px;overflow-wrap:anywhere}
ul.decisions{padding-left:20px;margin:8px 0}
fieldset.card{margin:12px 0}
fieldset .checks label{font-weight:400}
.wrap{overflow-wrap:anywhere}
input[type=url],input[type=tel],input[type=file]{width:100%}
.event-list label{display:block;font-weight:400;margin:2px 0;overflow-wrap:anywhere}
.logo-preview{max-width:200px;max-height:80px;display:block;margin:8px 0}
.choices label{font-weight:400}
`;
