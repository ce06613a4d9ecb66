<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>DossierStatus</name>
    <message>
        <location filename="../screens/dossier_status.py" line="78" />
        <source>That does not look like a dossier code. It has 4 to 40 letters and digits, as printed under the QR code on your appointment slip.</source>
        <translation>Mã này không giống mã hồ sơ. Mã hồ sơ gồm 4 đến 40 chữ cái và chữ số, in dưới mã QR trên giấy hẹn trả kết quả.</translation>
    </message>
    <message>
        <location filename="../screens/dossier_status.py" line="86" />
        <source>Looking up dossiers is not available at this kiosk yet.</source>
        <translation>Máy này chưa tra cứu được hồ sơ.</translation>
    </message>
    <message>
        <location filename="../screens/dossier_status.py" line="93" />
        <source>Dossier status</source>
        <translation>Tra cứu hồ sơ</translation>
    </message>
    <message>
        <location filename="../screens/dossier_status.py" line="95" />
        <source>Hold the QR code of your appointment slip under the scanner, or type the dossier code.</source>
        <translation>Đưa mã QR trên giấy hẹn trả kết quả vào máy quét, hoặc nhập mã hồ sơ.</translation>
    </message>
    <message>
        <location filename="../screens/dossier_status.py" line="100" />
        <location filename="../screens/dossier_status.py" line="101" />
        <source>Dossier code</source>
        <translation>Mã hồ sơ</translation>
    </message>
    <message>
        <location filename="../screens/dossier_status.py" line="102" />
        <source>Look up</source>
        <translation>Tra cứu</translation>
    </message>
</context>
<context>
    <name>ErrorScreen</name>
    <message>
        <location filename="../screens/error.py" line="39" />
        <source>Sorry, something went wrong.</source>
        <translation>Xin lỗi, máy vừa gặp sự cố.</translation>
    </message>
    <message>
        <location filename="../screens/error.py" line="41" />
        <source>Your information is safe. Tap the button to start again.</source>
        <translation>Thông tin của Ông/Bà vẫn an toàn. Chạm vào nút dưới đây để bắt đầu lại.</translation>
    </message>
    <message>
        <location filename="../screens/error.py" line="45" />
        <source>Go to the home screen</source>
        <translation>Về màn hình chính</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../screens/home.py" line="64" />
        <source>Hello, {name}</source>
        <translation>Xin chào, {name}</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="66" />
        <source>Hello!</source>
        <translation>Xin chào!</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="67" />
        <source>What would you like to do today? Tap one of the tiles.</source>
        <translation>Ông/Bà cần làm gì hôm nay? Chạm vào một ô bên dưới.</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="70" />
        <source>Administrative procedures</source>
        <translation>Thủ tục hành chính</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="71" />
        <source>What to bring, fees and time, step by step</source>
        <translation>Giấy tờ cần mang, lệ phí, thời gian, từng bước một</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="74" />
        <source>Dossier status</source>
        <translation>Tra cứu hồ sơ</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="75" />
        <source>Scan your appointment slip or type its code</source>
        <translation>Quét giấy hẹn hoặc nhập mã hồ sơ</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="78" />
        <source>Queue number</source>
        <translation>Lấy số thứ tự</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="79" />
        <source>Take a number for a service counter</source>
        <translation>Lấy số để vào quầy giải quyết</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="82" />
        <source>Ask the assistant</source>
        <translation>Hỏi trợ lý ảo</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="83" />
        <source>Speak or type your question</source>
        <translation>Nói hoặc gõ câu hỏi</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="86" />
        <source>Check an e-licence</source>
        <translation>Kiểm tra giấy phép điện tử</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="87" />
        <source>Scan the QR code on an electronic licence</source>
        <translation>Quét mã QR trên giấy phép điện tử</translation>
    </message>
</context>
<context>
    <name>IdleWarning</name>
    <message>
        <location filename="../idle_warning.py" line="71" />
        <source>Your session will end in {seconds} seconds and what you entered will be deleted.</source>
        <translation>Phiên làm việc sẽ kết thúc sau {seconds} giây và thông tin Ông/Bà đã nhập sẽ bị xóa.</translation>
    </message>
    <message>
        <location filename="../idle_warning.py" line="78" />
        <source>Do you need more time?</source>
        <translation>Ông/Bà có cần thêm thời gian không?</translation>
    </message>
    <message>
        <location filename="../idle_warning.py" line="79" />
        <source>Yes, I need more time</source>
        <translation>Có, tôi cần thêm thời gian</translation>
    </message>
    <message>
        <location filename="../idle_warning.py" line="80" />
        <source>No, finish now</source>
        <translation>Không, kết thúc ngay</translation>
    </message>
</context>
<context>
    <name>NavigationBar</name>
    <message>
        <location filename="../chrome.py" line="135" />
        <source>Home</source>
        <translation>Trang chính</translation>
    </message>
    <message>
        <location filename="../chrome.py" line="136" />
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <location filename="../chrome.py" line="137" />
        <source>Finish</source>
        <translation>Kết thúc</translation>
    </message>
    <message>
        <location filename="../chrome.py" line="138" />
        <source>Large text</source>
        <translation>Chữ to</translation>
    </message>
    <message>
        <location filename="../chrome.py" line="139" />
        <source>High contrast</source>
        <translation>Tương phản cao</translation>
    </message>
    <message>
        <location filename="../chrome.py" line="140" />
        <source>Read aloud</source>
        <translation>Đọc to</translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <location filename="../screens/pin.py" line="103" />
        <source>Too many wrong PINs. The pad is locked for {minutes} min.</source>
        <translation>Nhập sai mã PIN quá nhiều lần. Bàn phím bị khóa trong {minutes} phút.</translation>
    </message>
    <message>
        <location filename="../screens/pin.py" line="105" />
        <source>Wrong PIN. {attempts} tries left.</source>
        <translation>Sai mã PIN. Còn {attempts} lần thử.</translation>
    </message>
    <message>
        <location filename="../screens/pin.py" line="111" />
        <source>Staff PIN</source>
        <translation>Mã PIN nhân viên</translation>
    </message>
    <message>
        <location filename="../screens/pin.py" line="112" />
        <source>Enter</source>
        <translation>Xác nhận</translation>
    </message>
    <message>
        <location filename="../screens/pin.py" line="113" />
        <source>PIN digits entered</source>
        <translation>Các số PIN đã nhập</translation>
    </message>
</context>
<context>
    <name>Services</name>
    <message>
        <location filename="../screens/services.py" line="20" />
        <source>Please ask at counter {number}.</source>
        <translation>Vui lòng hỏi tại quầy số {number}.</translation>
    </message>
    <message>
        <location filename="../screens/services.py" line="21" />
        <source>Please ask at counter {number} ({name}).</source>
        <translation>Vui lòng hỏi tại quầy số {number} ({name}).</translation>
    </message>
    <message>
        <location filename="../screens/services.py" line="51" />
        <source>This service is not available at this kiosk yet.</source>
        <translation>Máy này chưa có dịch vụ này.</translation>
    </message>
    <message>
        <location filename="../screens/services.py" line="68" />
        <source>Administrative procedures</source>
        <translation>Thủ tục hành chính</translation>
    </message>
    <message>
        <location filename="../screens/services.py" line="69" />
        <source>Find your procedure, answer a few questions and get the list of papers to bring, the fee, the processing time and the counter to go to.</source>
        <translation>Tìm thủ tục, trả lời vài câu hỏi và nhận danh sách giấy tờ cần mang, lệ phí, thời gian giải quyết và quầy cần đến.</translation>
    </message>
    <message>
        <location filename="../screens/services.py" line="82" />
        <source>Queue number</source>
        <translation>Lấy số thứ tự</translation>
    </message>
    <message>
        <location filename="../screens/services.py" line="83" />
        <source>Take a printed number for the counter that handles your procedure.</source>
        <translation>Lấy phiếu số thứ tự cho quầy giải quyết thủ tục của Ông/Bà.</translation>
    </message>
    <message>
        <location filename="../screens/services.py" line="92" />
        <source>Virtual assistant</source>
        <translation>Trợ lý ảo</translation>
    </message>
    <message>
        <location filename="../screens/services.py" line="93" />
        <source>Ask by voice or by typing, in Vietnamese or English, and hear the answer.</source>
        <translation>Hỏi bằng giọng nói hoặc bằng cách gõ, tiếng Việt hoặc tiếng Anh, và nghe câu trả lời.</translation>
    </message>
    <message>
        <location filename="../screens/services.py" line="102" />
        <source>Check an electronic licence</source>
        <translation>Kiểm tra giấy phép điện tử</translation>
    </message>
    <message>
        <location filename="../screens/services.py" line="103" />
        <source>Scan the QR code on an electronic licence to see whether it is valid, revoked or expired.</source>
        <translation>Quét mã QR trên giấy phép điện tử để biết giấy phép còn hiệu lực, đã bị thu hồi hay đã hết hạn.</translation>
    </message>
</context>
<context>
    <name>StaffScreen</name>
    <message>
        <location filename="../screens/staff.py" line="44" />
        <source>Staff area</source>
        <translation>Khu vực nhân viên</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="46" />
        <source>Editing, previewing and publishing procedure scripts will appear here once the procedure catalogue is installed on this kiosk.</source>
        <translation>Chức năng sửa, xem trước và xuất bản kịch bản thủ tục sẽ có ở đây khi danh mục thủ tục được cài trên máy.</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="52" />
        <source>Back to citizen mode</source>
        <translation>Về chế độ người dân</translation>
    </message>
</context>
<context>
    <name>TechnicianScreen</name>
    <message>
        <location filename="../screens/staff.py" line="86" />
        <source>ok</source>
        <translation>tốt</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="88" />
        <source>was damaged; a fresh store was made, the old one kept at {path}</source>
        <translation>đã bị hỏng; đã tạo kho mới, kho cũ được giữ tại {path}</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="93" />
        <source>Software</source>
        <translation>Phần mềm</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="95" />
        <source>Kiosk</source>
        <translation>Máy kiosk</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="96" />
        <source>Site file</source>
        <translation>Tệp cấu hình điểm</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="97" />
        <source>Run mode</source>
        <translation>Chế độ chạy</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="98" />
        <source>Local store</source>
        <translation>Kho dữ liệu cục bộ</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="99" />
        <source>Visits recorded</source>
        <translation>Số lượt phục vụ đã ghi</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="100" />
        <source>Log file</source>
        <translation>Tệp nhật ký</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="101" />
        <source>Backend</source>
        <translation>Máy chủ</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="105" />
        <source>Technician area</source>
        <translation>Khu vực kỹ thuật</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="106" />
        <source>Back to citizen mode</source>
        <translation>Về chế độ người dân</translation>
    </message>
    <message>
        <location filename="../screens/staff.py" line="107" />
        <source>Exit kiosk mode</source>
        <translation>Thoát chế độ kiosk</translation>
    </message>
</context>
</TS>