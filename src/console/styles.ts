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
.wrap{overflow-wrap:anywhere}
input[type=url],input[type=tel],input[type=file]{width:100%}
.event-list label{display:block;font-weight:400;margin:2px 0;overflow-wrap:anywhere}
.logo-preview{max-width:200px;max-height:80px;display:block;margin:8px 0}
.choices label{font-weight:400}
`;
