//! The page's side of the check worker: starts it, sends requests with their files, hands responses back, and
//! restarts it when it crashes or takes too long, so a reader bug costs one message, not the page.
//!
//! There are two builds of the worker: the one started with the page reads xlsx, xlsm, ods and docx; the first
//! time a filing holds a compound file (xls, or a .doc or encrypted file to be explained), the page switches
//! to the build with the xls reader for good. So calamine and its code page tables are loaded only by those
//! who need them.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker};

use crate::i18n::zh_only;
use crate::protocol::{Request, Response};

/// The loaders Trunk writes beside the workers (`data-loader-shim`); relative, so the app works under a sub-path.
const WORKER_URL: &str = "./worker_loader.js";
const XLS_WORKER_URL: &str = "./xls-worker_loader.js";
/// The first bytes of an OLE compound file: xls, and also .doc, .wps and encrypted office files.
/// A check that takes longer than this is stopped and the worker restarted.
const TIMEOUT_MS: i32 = 60_000;

pub enum Event {
    Response(Response),
    /// The worker died or timed out; it has been restarted.
    Crashed(String),
}

type Handler = Rc<dyn Fn(Event)>;

struct Bridge {
    worker: Worker,
    url: &'static str,
    handler: Handler,
    timeout: Option<i32>,
    /// Whether the worker has said it is ready; until then requests wait in `queue` (a message posted before
    /// the worker listens would be lost).
    ready: bool,
    queue: Vec<(js_sys::Array, js_sys::Array)>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

thread_local! {
    static BRIDGE: RefCell<Option<Bridge>> = const { RefCell::new(None) };
}

/// Starts the worker; `handler` receives every response.
pub fn start(handler: impl Fn(Event) + 'static) {
    spawn(Rc::new(handler), WORKER_URL);
}

fn spawn(handler: Handler, url: &'static str) {
    let worker = match Worker::new(url) {
        Ok(worker) => worker,
        Err(_) => {
            handler(Event::Crashed(zh_only::WORKER_UNAVAILABLE.into()));
            return;
        }
    };
    let on_message_handler = handler.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let json = event.data().as_string().unwrap_or_default();
        let Ok(response) = serde_json::from_str::<Response>(&json) else { return };
        if matches!(response, Response::Ready { .. }) {
            flush();
        }
        if !matches!(response, Response::Progress { .. } | Response::Ready { .. } | Response::WarmUp { .. }) {
            clear_timeout();
        }
        on_message_handler(Event::Response(response));
    });
    let on_error_handler = handler.clone();
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
        event.prevent_default();
        restart(on_error_handler.clone(), zh_only::worker_error(&event.message()));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    BRIDGE.with(|b| {
        *b.borrow_mut() = Some(Bridge {
            worker,
            url,
            handler,
            timeout: None,
            ready: false,
            queue: Vec::new(),
            _on_message: on_message,
            _on_error: on_error,
        });
    });
}

/// The worker is ready: send what waited for it.
fn flush() {
    BRIDGE.with(|b| {
        let mut bridge = b.borrow_mut();
        let Some(bridge) = bridge.as_mut() else { return };
        bridge.ready = true;
        for (message, transfer) in std::mem::take(&mut bridge.queue) {
            let _ = bridge.worker.post_message_with_transfer(&message, &transfer);
        }
    });
}

fn restart(handler: Handler, why: String) {
    let url = stop();
    spawn(handler.clone(), url.unwrap_or(WORKER_URL));
    handler(Event::Crashed(why));
}

/// Terminates the worker; its URL, to start the same build again.
fn stop() -> Option<&'static str> {
    BRIDGE.with(|b| {
        let old = b.borrow_mut().take()?;
        old.worker.terminate();
        if let Some(id) = old.timeout {
            web_sys::window().expect("a window").clear_timeout_with_handle(id);
        }
        Some(old.url)
    })
}

/// Whether the worker with the xls reader is needed: a file that starts as a compound file (xls), or a web page
/// saved as .xls or .doc (its reader comes with the xls one). Asked of each file's first kilobyte.
fn needs_xls_reader(files: &[js_sys::ArrayBuffer]) -> bool {
    files.iter().any(|buffer| {
        let length = buffer.byte_length().min(1024);
        let head = js_sys::Uint8Array::new_with_byte_offset_and_length(buffer, 0, length).to_vec();
        zicha_core::read::needs_second_reader(&head)
    })
}

fn clear_timeout() {
    BRIDGE.with(|b| {
        if let Some(bridge) = b.borrow_mut().as_mut()
            && let Some(id) = bridge.timeout.take()
        {
            web_sys::window().expect("a window").clear_timeout_with_handle(id);
        }
    });
}

/// Sends a request; `files` are transferred to the worker (the page keeps no copy).
pub fn send(request: &Request, files: Vec<js_sys::ArrayBuffer>) {
    let current = BRIDGE.with(|b| b.borrow().as_ref().map(|bridge| (bridge.url, bridge.handler.clone())));
    if let Some((url, handler)) = current
        && url != XLS_WORKER_URL
        && needs_xls_reader(&files)
    {
        stop();
        spawn(handler, XLS_WORKER_URL);
    }
    let json = serde_json::to_string(request).expect("requests serialise");
    let message = js_sys::Array::new();
    message.push(&JsValue::from_str(&json));
    let transfer = js_sys::Array::new();
    for buffer in files {
        message.push(&buffer);
        transfer.push(&buffer);
    }
    BRIDGE.with(|b| {
        let mut bridge = b.borrow_mut();
        let Some(bridge) = bridge.as_mut() else { return };
        if bridge.ready {
            let _ = bridge.worker.post_message_with_transfer(&message, &transfer);
        } else {
            bridge.queue.push((message, transfer));
        }
        let handler = bridge.handler.clone();
        let on_timeout = Closure::once_into_js(move || restart(handler, zh_only::TIMED_OUT.into()));
        bridge.timeout = web_sys::window()
            .expect("a window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(on_timeout.unchecked_ref(), TIMEOUT_MS)
            .ok();
    });
}
