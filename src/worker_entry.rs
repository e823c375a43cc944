//! The check worker's message loop: receives a request and its files, runs `worker::handle`, posts the
//! response. Shared by the two worker binaries: `worker` (xlsx, ods, docx) and `xls-worker` (the same with the
//! xls reader, loaded only when an xls file arrives).

use crate::protocol::{Request, Response};
use crate::worker::{handle, ready, warm_up};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn post(scope: &DedicatedWorkerGlobalScope, response: &Response) {
    let json = serde_json::to_string(response).expect("responses serialise");
    let _ = scope.post_message(&JsValue::from_str(&json));
}

/// Runs a check worker: answers `Ready`, then each request with its response.
pub fn run() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let message: js_sys::Array = event.data().unchecked_into();
        let json = message.get(0).as_string().unwrap_or_default();
        let files: Vec<Vec<u8>> =
            (1..message.length()).map(|i| js_sys::Uint8Array::new(&message.get(i)).to_vec()).collect();
        let Ok(request) = serde_json::from_str::<Request>(&json) else { return };
        let mut progress =
            |id: u32, stage: &str| post(&reply_scope, &Response::Progress { id, stage: stage.to_string() });
        let response = handle(request, files, &mut progress);
        post(&reply_scope, &response);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&scope, &ready());
    if let Some(checked) = warm_up() {
        post(&scope, &Response::WarmUp { checked });
    }
}
