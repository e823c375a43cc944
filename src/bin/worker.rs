//! The check worker: receives a request and its files, runs the core, posts the response. All logic is in
//! `zicha_web::worker`; this only moves messages.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};
use zicha_web::protocol::{Request, Response};
use zicha_web::worker::{Session, ready};

fn post(scope: &DedicatedWorkerGlobalScope, response: &Response, bytes: Option<Vec<u8>>) {
    let json = serde_json::to_string(response).expect("responses serialise");
    match bytes {
        None => {
            let _ = scope.post_message(&JsValue::from_str(&json));
        }
        Some(bytes) => {
            let buffer = js_sys::Uint8Array::from(bytes.as_slice()).buffer();
            let message = js_sys::Array::of2(&JsValue::from_str(&json), &buffer);
            let _ = scope.post_message_with_transfer(&message, &js_sys::Array::of1(&buffer));
        }
    }
}

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let session = Rc::new(RefCell::new(Session));
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let message: js_sys::Array = event.data().unchecked_into();
        let json = message.get(0).as_string().unwrap_or_default();
        let files: Vec<Vec<u8>> =
            (1..message.length()).map(|i| js_sys::Uint8Array::new(&message.get(i)).to_vec()).collect();
        let Ok(request) = serde_json::from_str::<Request>(&json) else { return };
        let scope = reply_scope.clone();
        let mut progress =
            |id: u32, stage: &str| post(&scope, &Response::Progress { id, stage: stage.to_string() }, None);
        let (response, bytes) = session.borrow_mut().handle(request, files, &mut progress);
        post(&reply_scope, &response, bytes);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&scope, &ready(), None);
}
