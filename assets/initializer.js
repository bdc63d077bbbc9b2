// Trunk's start-up hook (`data-initializer` on the rust link of index.html and staff.html).
// A browser that cannot compile the app's wasm (it lacks a WebAssembly feature the build uses)
// is told so in Japanese at the top of the page; a pre-rendered overview, if shown, stays
// readable below it (assets/early-fetch.js). Other failures (network, a panic: src/lib.rs)
// are not the browser's fault and go to the console.
const MESSAGE =
  'お使いのブラウザでは、このダッシュボードのアプリが動きません（WebAssembly の機能に未対応）。' +
  'iPhone・iPad は iOS／iPadOS 15 以降の Safari、ほかは Chrome・Edge 96 以降、Firefox 89 以降でご覧ください。' +
  '計画の概要が表示されている場合は、そのまま読めます。';

function cannotRun(reason) {
  const wasm = window.WebAssembly;
  return !wasm || reason instanceof wasm.CompileError || reason instanceof wasm.LinkError;
}

function tell() {
  if (document.getElementById('unsupported-browser')) return;
  const notice = document.createElement('div');
  notice.id = 'unsupported-browser';
  notice.className = 'notice serious';
  notice.setAttribute('role', 'alert');
  const p = document.createElement('p');
  p.textContent = MESSAGE;
  notice.appendChild(p);
  // At the very top of <body>: before the pre-rendered overview, if it is already there.
  document.body.prepend(notice);
}

export default function initializer() {
  return {
    onFailure(reason) {
      if (!cannotRun(reason)) {
        console.error(reason);
        return;
      }
      console.warn('kpi-dashboard: this browser cannot run the app:', reason);
      if (document.body) tell();
      else document.addEventListener('DOMContentLoaded', tell);
    },
  };
}
