/*
 * kcp-pos sandbox: an emulation of PortOne's V1 `iamport.js` for NHN KCP (IMP.init,
 * IMP.request_pay). A page written for https://cdn.iamport.kr/v1/iamport.js works against the
 * sandbox by loading this script from the sandbox instead. The window opens in a frame over the
 * page, as the real SDK's does; its answer comes back with window.postMessage and is handed to
 * the callback as `rsp`. See docs/sandbox.md.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var origin = new URL(script ? script.src : location.href).origin;
  var PRODUCT_PROPERTIES = ["orderNumber", "name", "quantity", "amount"];
  var impCode = null;
  var pending = null;
  var overlay = null;

  function failure(params, message) {
    var uid = params && typeof params.merchant_uid === "string" ? params.merchant_uid : null;
    return {
      success: false, imp_success: false, error_code: "F400", error_msg: message,
      imp_uid: null, merchant_uid: uid
    };
  }

  function missing(value) {
    return value === undefined || value === null || value === "";
  }

  // What the SDK refuses before any window opens (the server checks the same again).
  function problemOf(params) {
    if (!impCode) return "IMP.init()으로 가맹점 식별코드를 먼저 설정해주세요.";
    if (!params || typeof params !== "object") return "merchant_uid는 필수 파라미터입니다.";
    if (typeof params.merchant_uid !== "string" || !params.merchant_uid.trim())
      return "merchant_uid는 필수 파라미터입니다.";
    if (typeof params.amount !== "number" || !isFinite(params.amount))
      return "amount는 숫자여야 합니다.";
    if (params.kcpProducts !== undefined) {
      if (!Array.isArray(params.kcpProducts) || params.kcpProducts.length === 0)
        return "kcpProducts의 각 항목에는 orderNumber, name, quantity, amount가 모두 필요합니다.";
      for (var i = 0; i < params.kcpProducts.length; i++) {
        var item = params.kcpProducts[i];
        for (var j = 0; j < PRODUCT_PROPERTIES.length; j++) {
          if (!item || missing(item[PRODUCT_PROPERTIES[j]]))
            return "kcpProducts의 각 항목에는 orderNumber, name, quantity, amount가 모두 필요합니다.";
        }
      }
    } else if (params.escrow === true) {
      return "NHN KCP 에스크로 결제에는 kcpProducts가 필요합니다.";
    }
    return null;
  }

  function close() {
    if (overlay && overlay.parentNode) overlay.parentNode.removeChild(overlay);
    overlay = null;
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== origin || !data || data.type !== "imp-sandbox") return;
    if (data.ready) {
      document.dispatchEvent(new CustomEvent("imp-sandbox-ready"));
      return;
    }
    close();
    var callback = pending;
    pending = null;
    if (callback) callback(data.rsp);
  });

  function openWindow(params) {
    var name = "imp-sandbox-" + Date.now();
    overlay = document.createElement("div");
    overlay.id = "imp-sandbox-window";
    overlay.style.cssText =
      "position:fixed;inset:0;background:rgba(0,0,0,.45);z-index:2147483647;" +
      "display:flex;align-items:center;justify-content:center";
    var frame = document.createElement("iframe");
    frame.name = name;
    frame.title = "NHN KCP";
    frame.style.cssText = "width:440px;height:600px;max-height:96vh;border:0;background:#fff";
    overlay.appendChild(frame);
    document.body.appendChild(overlay);
    var form = document.createElement("form");
    form.method = "post";
    form.action = origin + "/__sandbox__/window";
    form.target = name;
    form.acceptCharset = "utf-8";
    var field = document.createElement("input");
    field.type = "hidden";
    field.name = "request";
    field.value = JSON.stringify({ imp: impCode, params: params });
    form.appendChild(field);
    document.body.appendChild(form);
    form.submit();
    document.body.removeChild(form);
  }

  window.IMP = {
    init: function (code) {
      impCode = typeof code === "string" ? code : null;
    },
    request_pay: function (params, callback) {
      var answer = typeof callback === "function" ? callback : function () {};
      var problem = problemOf(params);
      if (!problem && pending) problem = "이미 결제창이 열려 있습니다.";
      if (problem) {
        setTimeout(function () { answer(failure(params, problem)); }, 0);
        return;
      }
      pending = answer;
      openWindow(params);
    }
  };
})();
