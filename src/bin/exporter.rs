//! The review-copy worker: a display model in (JSON), the xlsx review copy out (bytes). Loaded on demand.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};
use zicha_web::display::Checked;
use zicha_web::export::SummaryRequest;

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let json = event.data().as_string().unwrap_or_default();
        let result = match serde_json::from_str::<SummaryRequest>(&json) {
            Ok(summary) => zicha_web::export::summary_workbook(&summary.summary_rows),
            Err(_) => serde_json::from_str::<Checked>(&json)
                .map_err(|e| format!("审阅副本生成失败：{e}"))
                .and_then(|checked| zicha_web::export::review_copy(&checked)),
        };
        match result {
            Ok(bytes) => {
                let buffer = js_sys::Uint8Array::from(bytes.as_slice()).buffer();
                let _ = reply.post_message_with_transfer(&buffer, &js_sys::Array::of1(&buffer));
            }
            Err(message) => {
                let _ = reply.post_message(&JsValue::from_str(&message));
            }
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages sent before this point are lost: the page waits for this before it sends the filing.
    let _ = scope.post_message(&JsValue::from_str(READY));
}

const READY: &str = "zicha-exporter-ready";
