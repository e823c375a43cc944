//! The check worker: receives a request and its files, runs the core, posts the response. All logic is in
//! `zicha_web::worker`; this only moves messages.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};
use zicha_web::protocol::{Request, Response};
use zicha_web::worker::{handle, ready};

fn post(scope: &DedicatedWorkerGlobalScope, response: &Response) {
    let json = serde_json::to_string(response).expect("responses serialise");
    let _ = scope.post_message(&JsValue::from_str(&json));
}

fn main() {
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
}
